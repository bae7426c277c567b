using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Manager.Tests.Support;

/// <summary>
/// The real Manager (Program.cs) on a real Kestrel loopback port with a real SQLite file in
/// <see cref="DataDirectory"/>. Dispose it and start another on the same directory to test a restart.
/// </summary>
public sealed class ManagerApp : IAsyncDisposable
{
    private readonly Factory _factory;

    private ManagerApp(Factory factory, string dataDirectory)
    {
        _factory = factory;
        DataDirectory = dataDirectory;
        Client = factory.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(30);
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public string DatabasePath => Path.Combine(DataDirectory, "manager.db");

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Extra configuration (e.g. "Manager:MaxRequestBodyBytes"), as on the command line.</param>
    public static async Task<ManagerApp> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "manager.db")}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        var factory = new Factory(all);
        factory.UseKestrel(0);
        factory.StartServer();
        var app = new ManagerApp(factory, dataDirectory);
        await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        return app;
    }

    public async Task WaitUntilReadyAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                var response = await Client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the manager was not ready within {bound}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Manager.Http.ManagerHttpAssembly>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
