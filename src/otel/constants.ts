/**
 * Wire names of the spans and attributes typed-evals emits for an experiment.
 *
 * CONTRACT: these names are read by tracing back ends (Logfire's experiment views, saved queries,
 * dashboards). They MUST stay byte-identical to Python's pydantic-evals (`dataset.py`,
 * `evaluators/_run_evaluator.py`) and logfire-js (`evals/constants.ts`), so that an experiment run
 * here shows up like one run there. Renaming any of them is a breaking change. Span names are the
 * message templates themselves (as logfire emits them); the formatted text goes in `logfire.msg`.
 */

/** Instrumentation scope of every span typed-evals opens. */
export const EVALS_OTEL_SCOPE = 'pydantic-evals';

// --- Span names (templates) and their messages ---------------------------------------------------

export const SPAN_EXPERIMENT = 'evaluate {name}';
export const SPAN_CASE = 'case: {case_name}';
export const SPAN_EXECUTE = 'execute {task}';
/** Stable span name of an evaluator call; the friendlier message template is below. */
export const SPAN_EVALUATOR = 'evaluator: {evaluator_name}';
export const MSG_EVALUATOR = 'Calling evaluator: {evaluator_name}';
export const SPAN_REPORT_EVALUATOR = 'report_evaluator: {evaluator_name}';
export const MSG_REPORT_EVALUATOR = 'Running report evaluator: {evaluator_name}';

// --- Experiment span -----------------------------------------------------------------------------

export const ATTR_NAME = 'name';
export const ATTR_TASK_NAME = 'task_name';
export const ATTR_DATASET_NAME = 'dataset_name';
export const ATTR_N_CASES = 'n_cases';
export const ATTR_METADATA = 'metadata';
export const ATTR_ASSERTION_PASS_RATE = 'assertion_pass_rate';
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const OPERATION_EXPERIMENT = 'experiment';
export const EXPERIMENT_REPEAT = 'logfire.experiment.repeat';
export const EXPERIMENT_METADATA = 'logfire.experiment.metadata';
export const EXPERIMENT_ANALYSES = 'logfire.experiment.analyses';
export const EXPERIMENT_REPORT_EVALUATOR_FAILURES = 'logfire.experiment.report_evaluator_failures';

// --- Case span -----------------------------------------------------------------------------------

export const ATTR_CASE_NAME = 'case_name';
export const ATTR_INPUTS = 'inputs';
export const ATTR_EXPECTED_OUTPUT = 'expected_output';
export const ATTR_OUTPUT = 'output';
export const ATTR_TASK_DURATION = 'task_duration';
export const ATTR_METRICS = 'metrics';
export const ATTR_ATTRIBUTES = 'attributes';
export const ATTR_ASSERTIONS = 'assertions';
export const ATTR_SCORES = 'scores';
export const ATTR_LABELS = 'labels';
export const EXPERIMENT_SOURCE_CASE_NAME = 'logfire.experiment.source_case_name';

// --- Attempt and evaluator spans -----------------------------------------------------------------

export const ATTR_TASK = 'task';
export const ATTR_EVALUATOR_NAME = 'evaluator_name';

// --- Logfire presentation attributes (how the Logfire UI reads a span) ---------------------------

export const LOGFIRE_MSG_TEMPLATE = 'logfire.msg_template';
export const LOGFIRE_MSG = 'logfire.msg';
export const LOGFIRE_SPAN_TYPE = 'logfire.span_type';
export const LOGFIRE_LEVEL_NUM = 'logfire.level_num';
/** JSON Schema saying which attributes hold JSON text (objects and arrays are sent as JSON strings). */
export const LOGFIRE_JSON_SCHEMA = 'logfire.json_schema';
/** Names of attributes whose value was null/undefined (OTel attributes cannot hold null). */
export const LOGFIRE_NULL_ARGS = 'logfire.null_args';
/** Logfire's `info` level. */
export const LEVEL_INFO = 9;

// --- Read from captured spans (OpenTelemetry GenAI conventions, pydantic-ai, AI SDK) --------------

export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_USAGE_PREFIX = 'gen_ai.usage.';
export const GEN_AI_USAGE_DETAILS_PREFIX = 'gen_ai.usage.details.';
export const OPERATION_COST = 'operation.cost';
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** pydantic-ai instrumentation v2 names. */
export const PYDANTIC_AI_TOOL_SPAN = 'running tool';
export const PYDANTIC_AI_OUTPUT_FUNCTION_SPAN = 'running output function';
export const PYDANTIC_AI_TOOL_ARGUMENTS = 'tool_arguments';
export const PYDANTIC_AI_DEFERRAL_NAME = 'pydantic_ai.tool.deferral.name';
export const OUTPUT_FUNCTION_MSG_PREFIX = 'running output function:';
/** OpenTelemetry GenAI conventions (and pydantic-ai v3+): `execute_tool {gen_ai.tool.name}`. */
export const EXECUTE_TOOL_SPAN_PREFIX = 'execute_tool ';
export const OPERATION_EXECUTE_TOOL = 'execute_tool';
/** Vercel AI SDK `experimental_telemetry` spans. */
export const AI_SDK_TOOL_CALL_SPAN = 'ai.toolCall';
export const AI_SDK_TOOL_CALL_NAME = 'ai.toolCall.name';
export const AI_SDK_TOOL_CALL_ARGS = 'ai.toolCall.args';
/** `ai.generateText.doGenerate`, `ai.streamText.doStream`, ...: one model request each. */
export const AI_SDK_MODEL_CALL_SPAN = /^ai\.[A-Za-z]+\.do(?:Generate|Stream)$/;
/** `gen_ai.operation.name` values that are one model request. pydantic-evals counts only 'chat'. */
export const MODEL_REQUEST_OPERATIONS: ReadonlySet<unknown> = new Set([
  'chat',
  'text_completion',
  'generate_content',
]);
