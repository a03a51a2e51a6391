/**
 * Scheduling a workflow execution from TypeScript, with types generated from
 * the spec by openapi-typescript:
 *
 *   npx openapi-typescript dist/openapi/oneprovider-automation.yaml \
 *     --output oneprovider-automation.d.ts
 *
 * `make check-typescript` does just that in a scratch folder and type-checks
 * this file against the result with `tsc --noEmit`, so it keeps up with the spec.
 */
import type { components, paths } from "./oneprovider-automation";

type ScheduleOperation = paths["/automation/execution/workflows"]["post"];

export type ScheduleRequest = ScheduleOperation["requestBody"]["content"]["application/json"];
export type Scheduled = ScheduleOperation["responses"][201]["content"]["application/json"];
/** Every error status of the operation answers with the same body, an `ErrorJson`. */
export type ScheduleError = ScheduleOperation["responses"][
  400 | 401 | 403 | 404 | 500
]["content"]["application/json"];
export type ExecutionStopped = components["schemas"]["AtmWorkflowExecutionCallback"];

/** The request of the official documentation. */
export const request: ScheduleRequest = {
  spaceId: "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c",
  atmWorkflowSchemaId: "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4",
  // A number here; the numeric string "3", as the bash CLI sends it, is typed too.
  atmWorkflowSchemaRevisionNumber: 3,
  storeInitialContentOverlay: {
    de6d2e524459dd235f80aa8652a68879b5dbe9: [
      { fileId: "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662" },
    ],
  },
  logLevel: "debug",
  callback: "https://my-server.example.com/execution-callback",
};

/** Thrown by `schedule` for any answer but 201; keeps what the provider said. */
export class ScheduleFailed extends Error {
  readonly status: number;
  /** The stable Onedata error id, e.g. `badValueTooLow`. */
  readonly id: string;
  /** The error's arguments; `details.key` names the offending field of a 400. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, body: ScheduleError) {
    const { id, description, details } = body.error;
    const key = details?.["key"];
    super(typeof key === "string" ? `${status} ${id} (${key}): ${description}` : `${status} ${id}: ${description}`);
    this.status = status;
    this.id = id;
    this.details = details ?? {};
  }
}

/**
 * Schedules a workflow execution on the provider at `baseUrl`
 * (`https://<host>/api/v3/oneprovider`) and returns its id.
 * Throws `ScheduleFailed` when the provider answers with an error.
 */
export async function schedule(baseUrl: string, token: string, body: ScheduleRequest): Promise<string> {
  const response = await fetch(`${baseUrl}/automation/execution/workflows`, {
    method: "POST",
    headers: { "X-Auth-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status === 201) {
    const created = (await response.json()) as Scheduled;
    return created.atmWorkflowExecutionId;
  }
  throw new ScheduleFailed(response.status, (await response.json()) as ScheduleError);
}

/** A log line for a callback receiver: the body a provider POSTs when the execution stops. */
export function describeStop(body: ExecutionStopped): string {
  return `workflow execution ${body.atmWorkflowExecutionId} stopped: ${body.status}`;
}
