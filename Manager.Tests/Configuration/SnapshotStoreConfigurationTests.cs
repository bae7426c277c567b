using Manager.Actors.Hosting;
using Manager.Http.Configuration;
using Manager.Tests.Support;

namespace Manager.Tests.Configuration;

/// <summary>Where snapshots go: a second SQLite file beside the journal unless configured (README, "Configuration").</summary>
public class SnapshotStoreConfigurationTests
{
    private static ManagerActorOptions Read(params (string Key, string Value)[] settings) => OperatorConfiguration.Read(settings).Actors;

    private static string FileOf(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;

    [Fact]
    public void Sqlite_snapshots_default_to_a_file_beside_the_journal()
    {
        var options = Read(("Persistence:ConnectionString", "Data Source=/srv/farm/manager.db"));

        Assert.Equal("/srv/farm/manager.db", FileOf(options.ConnectionString));
        Assert.Equal("/srv/farm/manager.snapshots.db", FileOf(options.SnapshotStore));
    }

    [Fact]
    public void A_journal_file_without_an_extension_gets_one_for_its_snapshots()
    {
        var options = Read(("Persistence:ConnectionString", "Data Source=/srv/farm/state"));

        Assert.Equal("/srv/farm/state.snapshots.db", FileOf(options.SnapshotStore));
    }

    [Fact]
    public void A_configured_snapshot_file_is_used_and_made_absolute()
    {
        var options = Read(("Persistence:SnapshotConnectionString", "Data Source=snaps/s.db"));

        Assert.Equal(Path.GetFullPath("snaps/s.db"), FileOf(options.SnapshotStore));
    }

    [Fact]
    public void An_in_memory_snapshot_store_stops_start_up_naming_the_setting()
    {
        var e = Assert.Throws<ConfigurationException>(() => Read(("Persistence:SnapshotConnectionString", "Data Source=:memory:")));

        Assert.StartsWith("Persistence:SnapshotConnectionString needs a file", e.Message);
    }

    [Fact]
    public void Postgresql_snapshots_stay_in_the_journal_database()
    {
        const string connection = "Host=db;Username=manager;Password=x;Database=manager";
        var options = Read(("Persistence:Provider", "postgresql"), ("Persistence:ConnectionString", connection));

        Assert.Equal(PostgresPool.Bounded(connection), options.SnapshotStore); // the journal's, with the manager's pool bound
    }
}
