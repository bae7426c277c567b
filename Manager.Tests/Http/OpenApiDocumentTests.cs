using System.Net;
using System.Text.Json.Nodes;
using Manager.Actors.Settings;
using Manager.Tests.Auth;
using Manager.Tests.Support;

namespace Manager.Tests.Http;

/// <summary>
/// The OpenAPI document describes every route's body and answers well enough to generate a client from it, and its
/// schemas name exactly the fields the real answers carry (the answers are written by hand-made views, so a field
/// added to one and not the other fails here). It is readable without a token, as is the interactive reference.
/// </summary>
public sealed class OpenApiDocumentTests(AuthScene scene) : IClassFixture<AuthScene>
{
    private static readonly string[] Undocumented = ["/healthz", "/readyz", "/metrics"];

    private async Task<JsonObject> Document() => await scene.Anonymous.GetObject("/openapi/v1.json");

    [Fact]
    public async Task Every_route_documents_its_answers_its_body_its_refusals_and_the_bearer_scheme()
    {
        var document = await Document();
        Assert.Equal("http", (string?)document["components"]?["securitySchemes"]?["Bearer"]?["type"]);
        Assert.Equal("bearer", (string?)document["components"]?["securitySchemes"]?["Bearer"]?["scheme"]);
        Assert.NotNull(document["security"]?[0]?["Bearer"]);

        var paths = (JsonObject)document["paths"]!;
        var documented = paths.SelectMany(p => ((JsonObject)p.Value!).Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).ToHashSet();
        foreach (var right in RouteRights.All.Where(r => r.Method != "*" && !r.Pattern.StartsWith("/api-reference") && !r.Pattern.StartsWith("/openapi")))
        {
            var key = $"{right.Method} {OpenApiPath(right.Pattern)}";
            Assert.True(documented.Contains(key), $"{key} is not in the OpenAPI document");
        }
        Assert.DoesNotContain(documented, key => Undocumented.Any(u => key.EndsWith($" {u}")));

        foreach (var (path, operations) in paths)
        foreach (var (method, node) in (JsonObject)operations!)
        {
            var operation = (JsonObject)node!;
            var key = $"{method.ToUpperInvariant()} {path}";
            var responses = (JsonObject)operation["responses"]!;
            var successes = responses.Where(r => r.Key.StartsWith('2') || r.Key == "101").ToList();
            Assert.True(successes.Count > 0, $"{key} documents no success answer");
            foreach (var (status, response) in successes)
            {
                if (status is "101" or "202" or "204" && response!["content"] is null) continue; // answers without a body (101: a WebSocket)
                var content = response!["content"]?.AsObject().Single().Value;
                Assert.True(content?["schema"] is not null, $"{key} {status} has no schema");
            }
            foreach (var status in new[] { "401", "403", "503" })
                Assert.True(responses.ContainsKey(status), $"{key} does not document {status}");
            if (method is "post" or "patch" && path != "/workers/{id}/blocklist")
                Assert.True(operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"] is not null,
                    $"{key} documents no JSON request body");
        }
    }

    [Fact]
    public async Task The_last_frame_routes_document_a_jpeg_body_and_a_jpeg_answer()
    {
        var paths = (await Document())["paths"]!;

        var put = paths["/tasks/{id}/last-frame"]!["put"]!;
        Assert.Equal("string", (string?)put["requestBody"]?["content"]?["image/jpeg"]?["schema"]?["type"]);
        Assert.Equal("binary", (string?)put["requestBody"]?["content"]?["image/jpeg"]?["schema"]?["format"]);
        foreach (var status in new[] { "400", "409", "413", "415", "422", "429" })
            Assert.True(put["responses"]![status] is not null, $"PUT /tasks/{{id}}/last-frame does not document {status}");

        var get = paths["/jobs/{id}/last-frame"]!["get"]!;
        Assert.NotNull(get["responses"]!["200"]?["content"]?["image/jpeg"]?["schema"]);
        Assert.NotNull(get["responses"]!["304"]);
    }

    [Fact]
    public async Task The_interactive_reference_is_served_without_a_token_and_reads_this_document()
    {
        var page = await scene.Anonymous.GetAsync("/api-reference/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html);
        Assert.Contains("scalar.js", html);
        // The script comes from the manager itself, not a CDN: the reference works on a closed network.
        var script = await scene.Anonymous.GetAsync("/api-reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "scalar.js is not the bundled script");
    }

    [Fact]
    public async Task Answers_carry_exactly_the_fields_their_schemas_name()
    {
        var document = await Document();
        var op = scene.Operator;

        // A worker enrolled (its 201 carries its token), a task it holds, a job with a video, a token, an audit entry.
        var hostname = HttpApi.Unique("schema");
        var enrolledAnswer = (JsonObject)await (await scene.Enrollment.PostJson("/workers", RouteContext.RegistrationBody(hostname)))
            .ExpectJson(HttpStatusCode.Created);
        AssertFields(document, "/workers", "post", "201", (JsonObject)enrolledAnswer[hostname]!);
        var worker = (long)enrolledAnswer[hostname]!["id"]!;
        var workerClient = scene.Bearer((string)enrolledAnswer[hostname]!["token"]!);

        var submitted = await op.Submit();
        AssertFields(document, "/tasks", "post", "202", submitted);
        var poll = (JsonObject)await (await workerClient.PatchJson($"/workers/{worker}", """{"status":"available"}""")).ExpectJson(HttpStatusCode.OK);
        AssertFields(document, "/workers/{id}", "patch", "200", poll);

        var job = (JsonObject)await (await op.PostJson("/jobs", """
            {"name":"schema","type":"blender_render","settings":{"filepath":"/shots/a.blend","frames":"1-4","format":"PNG",
             "output":"/renders/a/f_####","video":{"fps":24,"output":"/renders/a.mp4"}}}
            """)).ExpectJson(HttpStatusCode.Accepted);
        AssertFields(document, "/jobs", "post", "202", job);
        AssertFields(document, "/jobs/{id}", "get", "200", await op.GetObject($"/jobs/{job["id"]}"));
        AssertFields(document, "/jobs", "get", "200", (JsonObject)(await op.GetArray("/jobs"))[0]!);
        AssertFields(document, "/jobs/{id}/tasks", "get", "200", (JsonObject)(await op.GetArray($"/jobs/{job["id"]}/tasks"))[0]!);
        AssertSchemaFields(document, "TasksByStatusView", (JsonObject)job["tasks_by_status"]!);

        var task = await op.GetObject($"/tasks/{(long)poll["task_id"]!}");
        AssertFields(document, "/tasks/{id}", "get", "200", task);
        AssertSchemaFields(document, "HistoryEntryView", (JsonObject)task["history"]![0]!);
        AssertSchemaFields(document, "CommandView", (JsonObject)task["commands"]![0]!);
        AssertFields(document, "/tasks", "get", "200", (JsonObject)(await op.GetArray("/tasks"))[0]!);

        var workers = await op.GetObject("/workers");
        AssertFields(document, "/workers", "get", "200", (JsonObject)workers[hostname]!, absent: ["token"]);
        AssertFields(document, "/workers/{id}", "get", "200", await op.GetObject($"/workers/{worker}"));

        AssertFields(document, "/settings", "get", "200", await op.GetObject("/settings"));
        AssertFields(document, "/settings/{name}", "get", "200", await op.GetObject("/settings/task_max_attempts"));

        var token = (JsonObject)await (await op.PostJson("/tokens", $$"""{"name":"{{HttpApi.Unique("schema")}}","role":"submitter"}"""))
            .ExpectJson(HttpStatusCode.Created);
        AssertFields(document, "/tokens", "post", "201", token);
        AssertFields(document, "/tokens", "get", "200", (JsonObject)(await op.GetArray("/tokens"))[0]!);
        AssertFields(document, "/audit", "get", "200", (JsonObject)(await op.GetArray("/audit"))[0]!);
        AssertFields(document, "/whoami", "get", "200", await workerClient.GetObject("/whoami"));
    }

    [Fact]
    public async Task The_event_stream_documents_each_event_s_payload_with_the_fields_real_events_carry()
    {
        var document = await Document();
        var description = (string?)document["paths"]?["/events"]?["get"]?["responses"]?["200"]?["description"];
        foreach (var (name, schema) in new[] { ("resync", "ResyncPayload"), ("changes", "ChangesPayload"), ("workers", "WorkersPayload") })
            Assert.Contains($"`{name}`: `#/components/schemas/{schema}`", description);

        var bound = TimeSpan.FromSeconds(10);
        await using var events = await ServerSentEvents.OpenAsync(scene.Operator);
        var resync = await events.UntilAsync(e => e.Name == "resync", bound, "the first resync");
        AssertSchemaFields(document, "ResyncPayload", resync.Data.AsObject());
        AssertObjectFields(Schema(document, "ResyncPayload")["properties"]!["counts"]!.AsObject(), resync.Data["counts"]!.AsObject(), "counts");

        await scene.Operator.RegisterId(HttpApi.Unique("events"));
        await scene.Operator.SubmitId();
        // The two come from two publishers, in either order.
        var seen = new Dictionary<string, JsonObject>();
        while (seen.Count < 2)
        {
            var next = await events.UntilAsync(e => e.Name == "changes" || (e.Name == "workers" && e.Data["workers"]!.AsArray().Count > 0), bound, "a workers and a changes event");
            seen.TryAdd(next.Name, next.Data.AsObject());
        }
        AssertSchemaFields(document, "WorkersPayload", seen["workers"]);
        AssertObjectFields(Schema(document, "WorkersPayload")["properties"]!["workers"]!["items"]!.AsObject(), seen["workers"]["workers"]![0]!.AsObject(),
            "a worker of a workers event");
        AssertSchemaFields(document, "ChangesPayload", seen["changes"]);
    }

    [Fact]
    public async Task The_settings_body_names_every_setting_and_nothing_else()
    {
        var schema = Schema(await Document(), "SettingsValues");
        Assert.Equal(SettingsRules.Names.Order(), ((JsonObject)schema["properties"]!).Select(p => p.Key).Order());
    }

    /// <summary>The route pattern as the OpenAPI document writes it: no route constraints.</summary>
    private static string OpenApiPath(string pattern) => pattern.Replace(":long", "").TrimEnd('/') is { Length: > 0 } p ? p : "/";

    /// <summary>The answer's keys are its schema's properties (except <paramref name="absent"/>, documented as sometimes missing).</summary>
    private static void AssertFields(JsonObject document, string path, string method, string status, JsonObject answer, string[]? absent = null)
    {
        var schema = document["paths"]?[path]?[method]?["responses"]?[status]?["content"]?["application/json"]?["schema"]
                     ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} documents no JSON answer {status}");
        // A list documents its items, an object keyed by host name its values.
        var item = schema["items"] ?? schema["additionalProperties"] ?? schema;
        AssertSchemaFields(document, RefName(item), answer, absent, $"{method.ToUpperInvariant()} {path} {status}");
    }

    private static void AssertSchemaFields(JsonObject document, string schemaName, JsonObject answer, string[]? absent = null, string? what = null) =>
        AssertObjectFields(Schema(document, schemaName), answer, what ?? schemaName, absent);

    /// <summary>The answer's keys are the properties of <paramref name="schema"/> (a named one or one nested inline).</summary>
    private static void AssertObjectFields(JsonObject schema, JsonObject answer, string what, string[]? absent = null)
    {
        var documented = ((JsonObject)schema["properties"]!).Select(p => p.Key).ToHashSet();
        var sent = answer.Select(p => p.Key).ToHashSet();
        var context = $"{what}: the answer {answer.ToJsonString()}";
        Assert.True(sent.IsSubsetOf(documented), $"{context} has fields its schema lacks: {string.Join(", ", sent.Except(documented))}");
        var missing = documented.Except(sent).Except(absent ?? []).ToList();
        Assert.True(missing.Count == 0, $"{context} lacks fields its schema names: {string.Join(", ", missing)}");
    }

    private static JsonObject Schema(JsonObject document, string name) =>
        (JsonObject?)document["components"]?["schemas"]?[name] ?? throw new Xunit.Sdk.XunitException($"no schema {name}");

    private static string RefName(JsonNode schema) =>
        ((string?)schema["$ref"])?.Split('/')[^1] ?? throw new Xunit.Sdk.XunitException($"not a reference to a named schema: {schema.ToJsonString()}");
}
