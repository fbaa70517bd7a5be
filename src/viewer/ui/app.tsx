/** The viewer's shell: header and the page of the current route. */
import { ErrorBox } from './components.js';
import { CasePage } from './pages/case-page.js';
import { ComparePage } from './pages/compare-page.js';
import { ExperimentPage } from './pages/experiment-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { href, type Route, useRoute } from './router.js';

export function App() {
  const route = useRoute();
  return (
    <>
      <header class="topbar">
        <a href={href([])} class="brand">
          typed-evals
        </a>
        <span class="muted">read-only viewer</span>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const [first, second, third, fourth] = route.path;
  if (first === undefined) return <RunsPage />;
  if (first === 'experiments' && second !== undefined) return <ExperimentPage key={second} name={second} />;
  if (first === 'compare') return <ComparePage route={route} />;
  if (first === 'runs' && second !== undefined) {
    if (third === 'cases' && fourth !== undefined)
      return <CasePage key={`${second}/${fourth}`} runId={second} caseId={fourth} />;
    if (third === undefined || third === 'failures' || third === 'analyses') {
      return <RunPage key={second} runId={second} tab={third} route={route} />;
    }
  }
  return <ErrorBox message="No such page." />;
}
