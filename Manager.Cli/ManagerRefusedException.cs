using System.Net;
using System.Text.Json.Nodes;

namespace Manager.Cli;

/// <summary>The manager answered 4xx: <paramref name="Problem"/> is its RFC 9457 problem (null when the body was not one).</summary>
internal sealed class ManagerRefusedException(HttpStatusCode status, JsonObject? problem, string request)
    : Exception($"{request}: {(int)status}")
{
    public HttpStatusCode Status { get; } = status;

    public JsonObject? Problem { get; } = problem;

    /// <summary>What was asked, e.g. <c>POST /jobs</c>.</summary>
    public string Request { get; } = request;
}
