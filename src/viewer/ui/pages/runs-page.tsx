/**
 * @module
 * Home: the experiments and every run, newest first; refreshed when a run starts, grows or ends.
 */
import type { ExperimentSummary, ExperimentsResponse, RunSummary, RunsResponse } from '../../api-types.js';
import { apiUrl, useJson, useRunsVersion } from '../api.js';
import {
  type Column,
  ErrorBox,
  Loading,
  numeric,
  RunStatusBadge,
  ScoreChips,
  Section,
  Table,
} from '../components.js';
import { formatDate, formatDuration, formatPercent, shortCommit } from '../format.js';
import { href } from '../router.js';

export function RunsPage() {
  const version = useRunsVersion();
  const runs = useJson<RunsResponse>(apiUrl(['runs']), version);
  const experiments = useJson<ExperimentsResponse>(apiUrl(['experiments']), version);
  if (runs.error) return <ErrorBox message={runs.error} />;
  if (!runs.data || !experiments.data) return <Loading what="runs" />;
  if (runs.data.runs.length === 0) {
    return (
      <Section title="No runs yet">
        <p>
          Run an experiment with the run store on (<code>typed-evals run</code>, or{' '}
          <code>{'dataset.evaluate(task, { store: true })'}</code>): its runs appear here as they start.
        </p>
      </Section>
    );
  }
  return (
    <>
      <Section title="Experiments" testId="experiments">
        <ExperimentsTable experiments={experiments.data.experiments} />
      </Section>
      <Section title="Runs" testId="runs">
        <RunsTable runs={runs.data.runs} showExperiment />
      </Section>
    </>
  );
}

function ExperimentsTable({ experiments }: { experiments: ExperimentSummary[] }) {
  return (
    <Table columns={['Experiment', 'Runs', 'Latest run', 'Status', numeric('Pass rate'), 'Mean scores']}>
      {experiments.map((e) => (
        <tr key={e.name}>
          <td>
            <a href={href(['experiments', e.name])}>{e.name}</a>
          </td>
          <td class="num">{e.runCount}</td>
          <td>{formatDate(e.latest.startedAt)}</td>
          <td>
            <RunStatusBadge status={e.latest.status} />
          </td>
          <td class="num">{formatPercent(e.latest.passRate)}</td>
          <td>
            <ScoreChips scores={e.latest.scores} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

export interface RunsTableProps {
  runs: RunSummary[];
  showExperiment?: boolean;
  /** Compare picker: the chosen baseline and current runs. */
  picks?: {
    baseline: string | undefined;
    current: string | undefined;
    onPick: (role: 'baseline' | 'current', runId: string) => void;
  };
}

export function RunsTable({ runs, showExperiment, picks }: RunsTableProps) {
  return (
    <Table columns={runColumns(picks !== undefined, showExperiment === true)} testId="runs-table">
      {runs.map((run) => (
        <RunRow key={run.runId} run={run} showExperiment={showExperiment} picks={picks} />
      ))}
    </Table>
  );
}

function runColumns(picks: boolean, experiment: boolean): Column[] {
  return [
    ...(picks ? ['Baseline', 'Current'] : []),
    ...(experiment ? ['Experiment'] : []),
    'Run',
    'Started',
    'Status',
    numeric('Cases'),
    numeric('Errors'),
    numeric('Pass rate'),
    'Mean scores',
    numeric('Duration'),
    'Commit',
  ];
}

function RunRow({ run, showExperiment, picks }: Omit<RunsTableProps, 'runs'> & { run: RunSummary }) {
  return (
    <tr data-testid="run-row">
      {picks && <PickCell side="baseline" runId={run.runId} picks={picks} />}
      {picks && <PickCell side="current" runId={run.runId} picks={picks} />}
      {showExperiment && (
        <td>
          <a href={href(['experiments', run.experiment])}>{run.experiment}</a>
        </td>
      )}
      <td>
        <a href={href(['runs', run.runId])} class="mono">
          {run.runId}
        </a>
      </td>
      <td>{formatDate(run.startedAt)}</td>
      <td>
        <RunStatusBadge status={run.status} />
      </td>
      <td class="num">{run.caseCount + run.failureCount}</td>
      <td class="num">{run.failureCount}</td>
      <td class="num">{formatPercent(run.passRate)}</td>
      <td>
        <ScoreChips scores={run.scores} />
      </td>
      <td class="num">{formatDuration(run.durationSeconds)}</td>
      <td class="mono">{shortCommit(run.gitCommit)}</td>
    </tr>
  );
}

type Picks = NonNullable<RunsTableProps['picks']>;

function PickCell({ side, runId, picks }: { side: 'baseline' | 'current'; runId: string; picks: Picks }) {
  return (
    <td>
      <input
        type="radio"
        name={side}
        aria-label={`${side} ${runId}`}
        checked={picks[side] === runId}
        onChange={() => picks.onPick(side, runId)}
      />
    </td>
  );
}
