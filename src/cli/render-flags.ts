/**
 * @module
 * Flags shared by `run` and `report` that shape the rendered table (RenderOptions).
 */
import type { Command } from 'commander';
import type { RenderOptions } from '../report/render.js';
import { integerAtLeast } from './args.js';

export interface RenderFlags {
  width?: number;
  ascii?: boolean;
  includeInput?: boolean;
  includeOutput?: boolean;
  includeExpectedOutput?: boolean;
  includeMetadata?: boolean;
  includeReasons?: boolean;
  includeErrorStack?: boolean;
}

export function addRenderFlags(command: Command): Command {
  return command
    .option(
      '--width <columns>',
      'width of the report table (default: the terminal width, else 120)',
      integerAtLeast(20),
    )
    .option('--ascii', 'only ASCII characters in the report (default: when the locale is not UTF-8)')
    .option('--include-input', 'add an Inputs column')
    .option('--include-output', 'add an Outputs column')
    .option('--include-expected-output', 'add an Expected Output column')
    .option('--include-metadata', 'add a Metadata column')
    .option('--include-reasons', 'show the reasons evaluators gave')
    .option('--include-error-stack', 'show the stack of failed cases');
}

export function renderOptions(flags: RenderFlags): RenderOptions {
  return {
    width: flags.width,
    ascii: flags.ascii,
    includeInput: flags.includeInput,
    includeOutput: flags.includeOutput,
    includeExpectedOutput: flags.includeExpectedOutput,
    includeMetadata: flags.includeMetadata,
    includeReasons: flags.includeReasons,
    includeErrorStack: flags.includeErrorStack,
  };
}
