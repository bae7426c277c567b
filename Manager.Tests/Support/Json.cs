using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Manager.Tests.Support;

/// <summary>Small helpers to send raw JSON and read answers as JSON nodes.</summary>
public static class Json
{
    public static StringContent Body(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue(contentType).MediaType!);

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string json) =>
        client.PostAsync(path, Body(json));

    public static Task<HttpResponseMessage> PatchJson(this HttpClient client, string path, string json) =>
        client.PatchAsync(path, Body(json));

    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("the answer is JSON null");

    /// <summary>Anything that is not a plain value: the JSON text of the node (null-safe).</summary>
    public static string Text(this JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>Settings text for a blender_render task.</summary>
    public static string BlenderSettings(int start = 1, int end = 3, string filepath = "/tmp/scene.blend") =>
        JsonSerializer.Serialize(JsonSerializer.Serialize(new { filepath, frame_start = start, frame_end = end }));
}
