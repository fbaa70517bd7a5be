/** The system under test: a canned support bot, one good answer, one rude one, one wrong one. */
export interface Question {
  question: string;
}

const ANSWERS: Record<string, string> = {
  'How do I reset my password?':
    'Click "Forgot password" on the sign-in page and follow the link we email you. Happy to help!',
  'Can I get a refund after 20 days?': 'Read the terms yourself.',
  'Can I export my data as CSV?': 'No, exports are only available as PDF.',
};

export async function answer({ question }: Question): Promise<string> {
  return ANSWERS[question] ?? "Sorry, I don't know.";
}
