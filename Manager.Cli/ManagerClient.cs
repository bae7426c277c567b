using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Manager.Cli;

/// <summary>
/// The two calls the CLI makes: <c>POST /jobs</c> and <c>GET /jobs/{id}</c>, with the submitter's bearer token.
/// A 4xx becomes <see cref="ManagerRefusedException"/>; no connection, a timeout or a 5xx <see cref="ManagerUnreachableException"/>.
/// </summary>
internal sealed class ManagerClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public ManagerClient(ManagerConnection connection)
    {
        _http = new HttpClient { BaseAddress = connection.Url, Timeout = RequestTimeout };
        if (connection.Token is { } token)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Url => _http.BaseAddress!;

    /// <summary>POST /jobs; answers the job as submitted (202).</summary>
    public async Task<JobView> SubmitAsync(JsonObject body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "jobs")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return JobView.From(await SendAsync(request, "POST /jobs", cancel));
    }

    /// <summary>GET /jobs/{id}.</summary>
    public async Task<JobView> GetJobAsync(long id, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"jobs/{id}");
        return JobView.From(await SendAsync(request, $"GET /jobs/{id}", cancel));
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, string what, CancellationToken cancel)
    {
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(request, cancel);
            body = await response.Content.ReadAsStringAsync(cancel);
        }
        catch (HttpRequestException e)
        {
            throw new ManagerUnreachableException($"cannot reach the manager at {Url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw new ManagerUnreachableException($"the manager at {Url} did not answer {what} within {RequestTimeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
                return JsonNode.Parse(body) ?? throw new ManagerUnreachableException($"{what}: the manager answered an empty body");
            if ((int)response.StatusCode >= 500)
                throw new ManagerUnreachableException($"the manager at {Url} answered {what} with {(int)response.StatusCode}: {ProblemDetail(body) ?? body}");
            throw new ManagerRefusedException(response.StatusCode, ParseProblem(body), what);
        }
    }

    private static JsonObject? ParseProblem(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? ProblemDetail(string body) => (string?)ParseProblem(body)?["detail"];

    public void Dispose() => _http.Dispose();
}
