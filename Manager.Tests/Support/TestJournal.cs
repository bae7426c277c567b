using Akka.Configuration;
using Akka.Persistence.Sql;
using Manager.Actors.Hosting;

namespace Manager.Tests.Support;

/// <summary>Akka configuration for TestKit tests: the manager's own HOCON on a real SQLite journal and snapshot store.</summary>
internal static class TestJournal
{
    public static Config SqliteAt(string databasePath)
    {
        var connection = $"Data Source={databasePath}";
        SqliteFile.UseWriteAheadLog(connection);
        var provider = ManagerActorsHosting.ProviderName(PersistenceProvider.Sqlite);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = on }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = on }
            """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "manager.hocon"))))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
