using Manager.Bench;

namespace Manager.Tests.Bench;

/// <summary>The cluster bench's reading (the label in either place: the manager's exporter puts the scope first) of a node's collections by generation, pause time and allocated bytes from GET /metrics.</summary>
public sealed class NodeGcCountersTests
{
    private const string Before = """
        # TYPE dotnet_gc_collections_total counter
        dotnet_gc_collections_total{gc_heap_generation="gen0",otel_scope_name="System.Runtime"} 10 1733130000000
        dotnet_gc_collections_total{gc_heap_generation="gen1",otel_scope_name="System.Runtime"} 4 1733130000000
        dotnet_gc_collections_total{gc_heap_generation="gen2",otel_scope_name="System.Runtime"} 1 1733130000000
        dotnet_gc_pause_time_seconds_total{otel_scope_name="System.Runtime"} 0.5 1733130000000
        dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 1048576 1733130000000
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 999
        """;

    private const string After = """
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 1
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen1"} 6
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 13
        dotnet_gc_pause_time_seconds_total{otel_scope_name="System.Runtime"} 1.0
        dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 22020096
        """;

    [Fact]
    public void Collections_are_read_by_generation_with_the_pause_and_the_bytes_allocated()
    {
        var before = NodeGcCounters.Parse(Before);
        Assert.Equal(new NodeGcCounters(10, 4, 1, 0.5, 1048576), before);

        Assert.Equal("5 collections (gen0 3, gen1 2, gen2 0), 500 ms paused (5.0 % of the window), 100.0 ms each on average; 20 MB allocated (2.0 MB/s)",
            NodeGcCounters.Describe(before, NodeGcCounters.Parse(After), wallSeconds: 10));
    }
}
