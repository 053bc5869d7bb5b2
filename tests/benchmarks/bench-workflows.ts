// The benchmark's workflow bundle (tests/benchmarks/workflows.bench.ts): the aid application and its
// bare baseline. The baseline is benchmark code only, so it is not in the production bundle.
export { aidApplicationWorkflow } from '../../workflows/src/aid-application/workflow';
export { bareBenchWorkflow } from '../../workflows/src/aid-application/bench-workflow';
