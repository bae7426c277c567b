using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Manager.Tests.Support;

/// <summary>The real Manager (Program.cs) on a real Kestrel loopback port, configured like an operator would (key → value).</summary>
public sealed class ManagerFactory : WebApplicationFactory<Manager.Http.ManagerHttpAssembly>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private ManagerFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _services = services;
    }

    /// <summary>What the manager logged last (shown when it does not become ready in time).</summary>
    public RecentLogLines Log { get; } = new();

    /// <summary>Starts Kestrel on a free loopback port.</summary>
    /// <param name="services">Replaces services after the manager registered its own (e.g. a <see cref="ManualClock"/> as its TimeProvider).</param>
    public static ManagerFactory Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var factory = new ManagerFactory(settings, services);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    /// <summary>Polls GET /readyz until it answers 200, within <paramref name="bound"/>.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient client, TimeSpan bound, string what)
    {
        var last = "no answer";
        await Wait.Until(async () =>
        {
            try
            {
                var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK) return true;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }
            return false;
        }, bound, $"{what} ready (GET /readyz 200)", () => $"/readyz said {last}", TimeSpan.FromMilliseconds(50));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        // Authentication stays on: every test manager knows the test run's tokens unless the test configures Auth itself.
        if (!_settings.Keys.Any(k => k.StartsWith("Auth:", StringComparison.OrdinalIgnoreCase)))
            foreach (var (key, value) in TestTokens.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>Clients act as the operator by default; a test about roles sets another token.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Authorize(TestTokens.Operator);
    }
}
