// Decodes the bodies the mock sent in the scenario with the generated Java client's
// models (and its ObjectMapper), schedules the seed on the mock, and prints what it
// saw as one JSON object. Arguments: the folder of bodies (details-*.json, list.json,
// error-*.json, request-*.json), the API's base URL and a token.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.openapitools.client.ApiClient;
import org.openapitools.client.api.WorkflowExecutionApi;
import org.openapitools.client.model.AtmWorkflowExecutionDetails;
import org.openapitools.client.model.AtmWorkflowExecutionList;
import org.openapitools.client.model.AtmWorkflowExecutionScheduleRequest;
import org.openapitools.client.model.AtmWorkflowSchemaRevisionNumber;
import org.openapitools.client.model.ErrorJson;

public class Check {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
    Map<String, Object> statuses = new TreeMap<>();
    Map<String, Object> errors = new TreeMap<>();
    Map<String, Object> revisions = new TreeMap<>();
    int listed = 0;
    File[] files = new File(args[0]).listFiles((dir, name) -> name.endsWith(".json"));
    Arrays.sort(files);
    for (File file : files) {
      String name = file.getName().replaceAll("\\.json$", "");
      try {
        if (name.startsWith("details-")) {
          AtmWorkflowExecutionDetails details =
              mapper.readValue(file, AtmWorkflowExecutionDetails.class);
          statuses.put(details.getAtmWorkflowExecutionId(), details.getStatus().getValue());
        } else if (name.equals("list")) {
          listed = mapper.readValue(file, AtmWorkflowExecutionList.class)
              .getAtmWorkflowExecutions().size();
        } else if (name.startsWith("error-")) {
          ErrorJson body = mapper.readValue(file, ErrorJson.class);
          Map<String, Object> seen = new TreeMap<>();
          seen.put("id", body.getError().getId());
          seen.put("timestamp", body.getError().getCtx().getTimestamp());
          errors.put(name, seen);
        } else if (name.startsWith("request-")) {
          AtmWorkflowExecutionScheduleRequest request =
              mapper.readValue(file, AtmWorkflowExecutionScheduleRequest.class);
          revisions.put(name, request.getAtmWorkflowSchemaRevisionNumber().getActualInstance());
        }
      } catch (Exception err) {
        System.err.println(file.getName() + ": " + err);
        System.exit(1);
      }
    }
    // The revision as an integer, sent through its anyOf wrapper.
    AtmWorkflowExecutionScheduleRequest request = new AtmWorkflowExecutionScheduleRequest()
        .spaceId("space")
        .atmWorkflowSchemaId("schema")
        .atmWorkflowSchemaRevisionNumber(new AtmWorkflowSchemaRevisionNumber(3L));
    Map<String, Object> out = new TreeMap<>();
    out.put("statuses", statuses);
    out.put("errors", errors);
    out.put("listed", listed);
    out.put("revisions", revisions);
    out.put("encoded", mapper.writeValueAsString(request));
    out.put("scheduled", schedule(mapper, args[1], args[2], new File(args[0], "request-seed.json")));
    System.out.println(mapper.writeValueAsString(out));
  }

  /** Sends the request in {@code file} and returns the new execution's id. */
  static String schedule(ObjectMapper mapper, String url, String token, File file)
      throws Exception {
    ApiClient client = new ApiClient();
    // The mock is plain HTTP: without this, java.net.http asks it to upgrade to h2c.
    client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    client.updateBaseUri(url);
    client.setRequestInterceptor(builder -> builder.header("X-Auth-Token", token));
    AtmWorkflowExecutionScheduleRequest request =
        mapper.readValue(file, AtmWorkflowExecutionScheduleRequest.class);
    return new WorkflowExecutionApi(client).scheduleWorkflowExecution(request)
        .getAtmWorkflowExecutionId();
  }
}
