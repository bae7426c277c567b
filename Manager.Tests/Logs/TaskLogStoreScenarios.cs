using System.Text;
using Manager.Http.Logs;

namespace Manager.Tests.Logs;

/// <summary>
/// What the task log store promises, run against a real database (SQLite file: <see cref="SqliteTaskLogStoreTests"/>,
/// PostgreSQL: <see cref="PostgresTaskLogStoreTests"/>). <c>open</c> gives a new store on the same database each call:
/// a second node, or the same node after a restart.
/// </summary>
public static class TaskLogStoreScenarios
{
    public static async Task<string?> Text(TaskLogStore store, long taskId)
    {
        await using var stream = await store.OpenReadAsync(taskId);
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    public static async Task Chunks_are_read_back_in_order_as_text_each_ending_a_line(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);

        Assert.True(await store.AppendAsync(1, 1, 1, "Fra:1 Mem:1M"));
        Assert.True(await store.AppendAsync(1, 1, 2, "Fra:2 ünïcode ✓\nSaved: '/out/0002.png'\n"));
        Assert.True(await store.AppendAsync(2, 3, null, "other task"));

        Assert.Equal("Fra:1 Mem:1M\nFra:2 ünïcode ✓\nSaved: '/out/0002.png'\n", await Text(store, 1));
        Assert.Equal("other task\n", await Text(store, 2));
        Assert.Null(await Text(store, 3));
        Assert.Null(await store.TailAsync(3));
    }

    public static async Task A_resent_chunk_is_stored_once_and_a_late_chunk_of_a_superseded_assignment_not_at_all(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        Assert.True(await store.AppendAsync(7, 1, 1, "a"));
        Assert.True(await store.AppendAsync(7, 1, 2, "b"));

        Assert.False(await store.AppendAsync(7, 1, 2, "b"));  // the worker repeats a chunk whose answer it lost
        Assert.False(await store.AppendAsync(7, 1, 1, "a"));
        var together = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.AppendAsync(7, 1, 3, "c"))); // repeats in one batch
        Assert.Single(together, stored => stored);

        Assert.True(await store.AppendAsync(7, 2, 1, "d"));  // a new assignment starts its seqs afresh
        Assert.False(await store.AppendAsync(7, 1, 4, "late")); // a late chunk of the superseded assignment
        Assert.Equal("a\nb\nc\nd\n", await Text(store, 7));
    }

    public static async Task A_chunk_without_log_seq_is_always_stored_and_does_not_forget_the_last_seq(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        Assert.True(await store.AppendAsync(7, 4, 3, "three"));
        Assert.True(await store.AppendAsync(7, 4, null, "unnumbered"));
        Assert.True(await store.AppendAsync(7, 4, null, "unnumbered"));

        Assert.False(await store.AppendAsync(7, 4, 3, "three"));
        Assert.Equal("three\nunnumbered\nunnumbered\n", await Text(store, 7));
    }

    public static async Task Deduplication_holds_in_a_new_store_on_the_same_database(Func<long, TaskLogStore> open)
    {
        await using (var before = open(TaskLogStore.DefaultMaxBytesPerTask))
        {
            Assert.True(await before.AppendAsync(7, 5, 1, "one"));
            Assert.True(await before.AppendAsync(7, 5, 2, "two"));
        }

        await using var after = open(TaskLogStore.DefaultMaxBytesPerTask); // a restart, or another node

        Assert.False(await after.AppendAsync(7, 5, 2, "two"));
        Assert.True(await after.AppendAsync(7, 5, 3, "three"));
        Assert.Equal("one\ntwo\nthree\n", await Text(after, 7));
    }

    public static async Task Beyond_the_limit_chunks_are_dropped_behind_one_marker_line(Func<long, TaskLogStore> open)
    {
        await using var store = open(20);
        Assert.True(await store.AppendAsync(1, 1, 1, "0123456789")); // 11 bytes with its line break
        Assert.True(await store.AppendAsync(1, 1, 2, "abcdefgh"));   // 20
        Assert.True(await store.AppendAsync(1, 1, 3, "x"));          // 22: over
        Assert.True(await store.AppendAsync(1, 1, 4, "y"));
        await using (var restarted = open(20)) Assert.True(await restarted.AppendAsync(1, 1, 5, "z"));

        Assert.Equal("0123456789\nabcdefgh\n" + store.LimitMarker, await Text(store, 1));
        Assert.Contains("limit of 20 bytes", store.LimitMarker);
        Assert.EndsWith("\n", store.LimitMarker);
        Assert.False(await store.AppendAsync(1, 1, 3, "x")); // what was dropped counts as stored: a repeat is still a repeat
    }

    public static async Task The_tail_is_the_last_whole_lines_within_the_bound(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => store.AppendAsync(1, 1, null, $"line {i:000}")));
        var text = (await Text(store, 1))!;
        Assert.Equal(100 * 9, text.Length);
        var lastThree = string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^3..].Select(l => l + "\n"));

        Assert.Equal(lastThree, await store.TailAsync(1, maxBytes: 30));
        await using var other = open(TaskLogStore.DefaultMaxBytesPerTask);
        Assert.Equal(lastThree[^9..], await other.TailAsync(1, maxBytes: 12));
    }

    public static async Task A_reader_sees_the_log_as_it_was_when_opened_while_appends_go_on(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        for (var i = 0; i < 100; i++) Assert.True(await store.AppendAsync(1, 1, i + 1, new string((char)('a' + i % 26), 1000)));

        await using var stream = (await store.OpenReadAsync(1))!;
        Assert.True(await store.AppendAsync(1, 1, 101, "after"));
        using var reader = new StreamReader(stream);

        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => new string((char)('a' + i % 26), 1000) + "\n")), await reader.ReadToEndAsync());
    }

    public static async Task Delete_removes_the_log_and_what_was_known_about_it(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        Assert.True(await store.AppendAsync(6, 1, 1, "x"));

        await store.DeleteAsync(6);

        Assert.Null(await Text(store, 6));
        Assert.Null(await store.TailAsync(6));
        await store.DeleteAsync(6); // deleting twice is fine
        Assert.True(await store.AppendAsync(6, 1, 1, "x")); // nothing is remembered
    }

    /// <summary>Concurrent appends share transactions; each one's task completes only after its commit, so every one is readable then.</summary>
    public static async Task Concurrent_chunks_are_written_in_fewer_transactions_than_chunks(Func<long, TaskLogStore> open)
    {
        await using var store = open(TaskLogStore.DefaultMaxBytesPerTask);
        const int chunks = 200;
        var before = store.Transactions;

        var stored = await Task.WhenAll(Enumerable.Range(0, chunks).Select(i => store.AppendAsync(100 + i % 10, 1, i / 10 + 1, $"chunk {i}")));

        Assert.All(stored, Assert.True);
        var transactions = store.Transactions - before;
        Assert.InRange(transactions, 1, chunks / 2);
        await using var reader = open(TaskLogStore.DefaultMaxBytesPerTask);
        for (var task = 100; task < 110; task++)
            Assert.Equal(string.Concat(Enumerable.Range(0, 20).Select(n => $"chunk {n * 10 + task - 100}\n")), await Text(reader, task));
    }

    /// <summary>Two nodes store chunks of one task at the same time: each chunk once, none lost, numbered in turn.</summary>
    public static async Task Two_stores_on_one_database_store_chunks_of_one_task_without_loss(Func<long, TaskLogStore> open)
    {
        await using var a = open(TaskLogStore.DefaultMaxBytesPerTask);
        await using var b = open(TaskLogStore.DefaultMaxBytesPerTask);

        var sent = Enumerable.Range(1, 60).Select(i => (i % 2 == 0 ? a : b).AppendAsync(9, 1, null, $"line {i}"));
        var resent = Enumerable.Range(1, 20).SelectMany(i => new[] { a.AppendAsync(10, 1, i, $"seq {i}"), b.AppendAsync(10, 1, i, $"seq {i}") });
        await Task.WhenAll(sent.Concat(resent));

        var lines = (await Text(b, 9))!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"line {i}").Order(), lines.Order());
        var seqs = (await Text(a, 10))!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(seqs.Distinct(), seqs); // a chunk both nodes got is stored once
    }
}
