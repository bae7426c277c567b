using Manager.Actors.Hosting;
using Manager.Http.Configuration;
using static Manager.Tests.Support.OperatorConfiguration;

namespace Manager.Tests.Cluster;

public class ClusterConfigurationTests
{
    [Fact]
    public void A_cluster_on_sqlite_stops_start_up_with_one_line_saying_what_to_change()
    {
        var e = Assert.Throws<ConfigurationException>(() => Read(("Cluster:Enabled", "true")));
        Assert.Contains("postgresql", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Cluster_names_are_read_into_the_node_options()
    {
        var config = Read(("Cluster:Enabled", "true"), ("Cluster:Host", "10.0.0.5"), ("Cluster:Port", "4054"),
            ("Cluster:Seeds:0", "akka.tcp://manager@10.0.0.4:4053"), ("Persistence:Provider", "postgresql"),
            ("Persistence:ConnectionString", "Host=db;Username=manager;Password=x;Database=manager"));
        Assert.Equal(new ClusterNodeOptions { Host = "10.0.0.5", Port = 4054 }.Host, config.Actors.Cluster!.Host);
        Assert.Equal(4054, config.Actors.Cluster.Port);
        Assert.Equal(["akka.tcp://manager@10.0.0.4:4053"], config.Actors.Cluster.Seeds);
        Assert.Equal(PersistenceProvider.PostgreSql, config.Actors.Provider);
    }

    [Fact]
    public void Single_node_is_the_default()
    {
        var config = Read();
        Assert.Null(config.Actors.Cluster);
        Assert.Equal(PersistenceProvider.Sqlite, config.Actors.Provider);
    }

    [Theory]
    [InlineData("manager@127.0.0.1:4053")]
    [InlineData("akka.tcp://other@127.0.0.1:4053")]
    public void A_seed_that_is_not_a_node_address_stops_start_up(string seed)
    {
        var e = Assert.Throws<ConfigurationException>(() => Read(("Cluster:Enabled", "true"), ("Cluster:Seeds:0", seed),
            ("Persistence:Provider", "postgresql"), ("Persistence:ConnectionString", "Host=db;Database=m")));
        Assert.Contains("Cluster:Seeds", e.Message);
    }
}
