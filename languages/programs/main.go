// Decodes the bodies the mock sent in the scenario with the generated Go client's
// models, schedules the seed on the mock, and prints what it saw as one JSON object.
// Arguments: the folder of bodies (details-*.json, list.json, error-*.json,
// request-*.json), the API's base URL and a token.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"oneprovider"
)

func decode(path string, into interface{}) {
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, into)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", filepath.Base(path), err)
		os.Exit(1)
	}
}

func main() {
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*.json"))
	statuses := map[string]string{}
	errors := map[string]map[string]interface{}{}
	listed := 0
	revisions := map[string]interface{}{}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		switch {
		case strings.HasPrefix(name, "details-"):
			var details oneprovider.AtmWorkflowExecutionDetails
			decode(path, &details)
			statuses[details.AtmWorkflowExecutionId] = string(details.Status)
		case name == "list":
			var page oneprovider.AtmWorkflowExecutionList
			decode(path, &page)
			listed = len(page.AtmWorkflowExecutions)
		case strings.HasPrefix(name, "error-"):
			var body oneprovider.ErrorJson
			decode(path, &body)
			ctx := body.Error.GetCtx()
			errors[name] = map[string]interface{}{"id": body.Error.Id, "timestamp": ctx.GetTimestamp()}
		case strings.HasPrefix(name, "request-"):
			var request oneprovider.AtmWorkflowExecutionScheduleRequest
			decode(path, &request)
			if revision := request.AtmWorkflowSchemaRevisionNumber; revision.Int64 != nil {
				revisions[name] = *revision.Int64
			} else if revision.String != nil {
				revisions[name] = *revision.String
			}
		}
	}
	// The revision as an integer, sent through its anyOf wrapper.
	three := int64(3)
	request := oneprovider.NewAtmWorkflowExecutionScheduleRequest(
		"space", "schema", oneprovider.AtmWorkflowSchemaRevisionNumber{Int64: &three})
	encoded, _ := json.Marshal(request)
	scheduled := schedule(os.Args[2], os.Args[3], filepath.Join(os.Args[1], "request-seed.json"))
	out, _ := json.Marshal(map[string]interface{}{
		"statuses": statuses, "errors": errors, "listed": listed,
		"revisions": revisions, "encoded": string(encoded), "scheduled": scheduled,
	})
	fmt.Println(string(out))
}

// schedule sends the request in the file at path and returns the new execution's id.
func schedule(url string, token string, path string) string {
	var request oneprovider.AtmWorkflowExecutionScheduleRequest
	decode(path, &request)
	config := oneprovider.NewConfiguration()
	config.Servers = oneprovider.ServerConfigurations{{URL: url}}
	config.AddDefaultHeader("X-Auth-Token", token)
	client := oneprovider.NewAPIClient(config)
	answer, _, err := client.WorkflowExecutionAPI.ScheduleWorkflowExecution(context.Background()).
		AtmWorkflowExecutionScheduleRequest(request).Execute()
	if err != nil {
		fmt.Fprintf(os.Stderr, "schedule: %v\n", err)
		os.Exit(1)
	}
	return answer.AtmWorkflowExecutionId
}
