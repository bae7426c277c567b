using System.Net.Http.Headers;
using Manager.Actors.Tokens;

namespace Manager.Tests.Support;

/// <summary>
/// The credentials every test manager is started with (Auth:OperatorToken, Auth:EnrollmentToken), so tests run with
/// authentication on, as a manager on a studio network does. Random per test run, never written anywhere.
/// </summary>
public static class TestTokens
{
    public static readonly string Operator = TokenSecrets.NewSecret();
    public static readonly string Enrollment = TokenSecrets.NewSecret();

    /// <summary>The configuration keys a test manager gets unless the test sets Auth:* itself.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:OperatorToken", Operator),
        new("Auth:EnrollmentToken", Enrollment),
    ];

    /// <summary>Command-line arguments with the same settings, for a manager started as its own process.</summary>
    public static IEnumerable<string> Arguments => Settings.Select(kv => $"--{kv.Key}={kv.Value}");

    public static HttpClient Authorize(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
