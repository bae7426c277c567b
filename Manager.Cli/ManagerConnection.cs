namespace Manager.Cli;

/// <summary>
/// Where the manager is and which token to show it: <c>--manager</c> or <c>MANAGER_URL</c> (default
/// <see cref="DefaultUrl"/>, where <c>dotnet run --project Manager.Http</c> listens), <c>--token</c> or
/// <c>MANAGER_TOKEN</c> (none: no <c>Authorization</c> header, for a manager with <c>Auth:Enabled=false</c>).
/// The option wins over the environment; an empty value counts as not given.
/// </summary>
internal sealed record ManagerConnection(Uri Url, string? Token)
{
    public const string UrlVariable = "MANAGER_URL";
    public const string TokenVariable = "MANAGER_TOKEN";
    public const string DefaultUrl = "http://localhost:8080";

    /// <exception cref="UsageException">The URL is not an http:// or https:// URL.</exception>
    public static ManagerConnection Resolve(string? urlOption, string? tokenOption, Func<string, string?> environment)
    {
        var url = Given(urlOption) ?? Given(environment(UrlVariable)) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--manager: '{url}' is not an http:// or https:// URL");
        // A base address needs its trailing slash, or the last path segment is dropped when "jobs" is appended.
        var baseUri = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
        return new ManagerConnection(baseUri, Given(tokenOption) ?? Given(environment(TokenVariable)));
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
