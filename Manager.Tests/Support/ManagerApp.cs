namespace Manager.Tests.Support;

/// <summary>
/// The real Manager (Program.cs) on a real Kestrel loopback port with a real SQLite file in
/// <see cref="DataDirectory"/>. Dispose it and start another on the same directory to test a restart.
/// </summary>
public sealed class ManagerApp : IAsyncDisposable
{
    private readonly ManagerFactory _factory;

    private ManagerApp(ManagerFactory factory, string dataDirectory)
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

    /// <summary>Runs SQL on the manager's database from a connection of its own (a trigger that fails writes, …).</summary>
    public async Task ExecuteSqlAsync(string statement)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = 30000; {statement}";
        await command.ExecuteNonQueryAsync();
    }

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Extra configuration (e.g. "Manager:MaxRequestBodyBytes"), as on the command line.</param>
    /// <param name="services">Services that replace the manager's own (e.g. its TimeProvider).</param>
    public static async Task<ManagerApp> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "manager.db")}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        var factory = ManagerFactory.Start(all, services);
        var app = new ManagerApp(factory, dataDirectory);
        try
        {
            await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nthe manager's last log lines:\n{factory.Log}", e);
        }
        return app;
    }

    public Task WaitUntilReadyAsync(TimeSpan bound) => ManagerFactory.WaitUntilReadyAsync(Client, bound, "the manager");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}
