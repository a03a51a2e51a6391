// The scenario, run with the generated TypeScript (fetch) client.
// Reads the scenario's JSON from the file named by the first argument and
// prints what it saw as one JSON object.
import {
  AtmWorkflowExecutionPhase,
  AtmWorkflowExecutionScheduleRequest,
  AtmWorkflowExecutionScheduleRequestFromJSON,
  AtmWorkflowExecutionScheduleRequestToJSON,
  Configuration,
  ErrorJsonFromJSON,
  ResponseError,
  WorkflowExecutionApi,
} from "./client";

// No @types/node here: the two things used from Node are declared.
declare const process: { argv: string[]; exitCode: number };
declare function require(name: "fs"): { readFileSync(path: string, encoding: "utf-8"): string };
const { readFileSync } = require("fs");

type Scenario = {
  apiUrl: string;
  token: string;
  seed: Record<string, unknown>;
  spaceId: string;
  executions: string[];
  endedId: string;
};

function api(url: string, token: string): WorkflowExecutionApi {
  return new WorkflowExecutionApi(new Configuration({ basePath: url, apiKey: token }));
}

async function error(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof ResponseError)) throw err;
    const body = ErrorJsonFromJSON(await err.response.json());
    return {
      status: err.response.status,
      id: body.error.id,
      timestamp: body.error.ctx?.timestamp ?? null,
    };
  }
  throw new Error("no error");
}

async function main(path: string): Promise<void> {
  const scenario: Scenario = JSON.parse(readFileSync(path, "utf-8"));
  const client = api(scenario.apiUrl, scenario.token);
  const seed = scenario.seed;
  const read = AtmWorkflowExecutionScheduleRequestFromJSON(seed);
  // The revision is `number | string`: an integer goes in as it is.
  const request: AtmWorkflowExecutionScheduleRequest = {
    spaceId: seed["spaceId"] as string,
    atmWorkflowSchemaId: seed["atmWorkflowSchemaId"] as string,
    atmWorkflowSchemaRevisionNumber: seed["atmWorkflowSchemaRevisionNumber"] as number,
  };
  const scheduled = (
    await client.scheduleWorkflowExecution({ atmWorkflowExecutionScheduleRequest: request })
  ).atmWorkflowExecutionId;
  const statuses: Record<string, string> = {};
  for (const wid of [scheduled, ...scenario.executions]) {
    statuses[wid] = (await client.getWorkflowExecutionDetails({ wid })).status;
  }
  const page = await client.listWorkflowExecutions({
    sid: scenario.spaceId,
    phase: AtmWorkflowExecutionPhase.Waiting,
    limit: 1000,
  });
  await client.cancelWorkflowExecution({ wid: scheduled });
  const afterCancel = (await client.getWorkflowExecutionDetails({ wid: scheduled })).status;
  const bad = api(scenario.apiUrl, "not-a-token");
  const result = {
    scheduled,
    requestRoundTrips:
      JSON.stringify(AtmWorkflowExecutionScheduleRequestToJSON(read)) === JSON.stringify(seed),
    statuses,
    listed: page.atmWorkflowExecutions.includes(scheduled),
    afterCancel,
    unauthorized: await error(() => bad.getWorkflowExecutionDetails({ wid: scheduled })),
    stateError: await error(() => client.cancelWorkflowExecution({ wid: scenario.endedId })),
  };
  console.log(JSON.stringify(result));
}

main(process.argv[2]).catch((err) => {
  console.error(String(err));
  process.exitCode = 1;
});
