using System.Text;
using Manager.Http.Logs;
using Manager.Tests.Support;

namespace Manager.Tests.Logs;

/// <summary>The task log store against a real directory: durable chunks, stored once per (assignment, log_seq), bounded.</summary>
public sealed class TaskLogStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("manager-logs");

    public void Dispose() => _dir.Dispose();

    private TaskLogStore Store(long maxBytes = TaskLogStore.DefaultMaxBytesPerTask) => new(_dir.Path, maxBytes);

    private static async Task<string?> Text(TaskLogStore store, long taskId)
    {
        await using var stream = await store.OpenReadAsync(taskId);
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Chunks_are_read_back_in_order_as_text_each_ending_a_line()
    {
        var store = Store();

        Assert.True(await store.AppendAsync(1, 1, 1, "Fra:1 Mem:1M"));
        Assert.True(await store.AppendAsync(1, 1, 2, "Fra:2 ünïcode ✓\nSaved: '/out/0002.png'\n"));
        Assert.True(await store.AppendAsync(2, 3, null, "other task"));

        Assert.Equal("Fra:1 Mem:1M\nFra:2 ünïcode ✓\nSaved: '/out/0002.png'\n", await Text(store, 1));
        Assert.Equal("other task\n", await Text(store, 2));
        Assert.Null(await Text(store, 3));
        Assert.Null(store.Tail(3));
    }

    [Fact]
    public async Task A_chunk_whose_assignment_and_log_seq_are_stored_is_answered_false_and_not_stored_again()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(7, 1, 1, "a"));
        Assert.True(await store.AppendAsync(7, 1, 2, "b"));
        var length = new FileInfo(store.PathOf(7)).Length;

        Assert.False(await store.AppendAsync(7, 1, 2, "b"));  // the worker repeats a chunk whose answer it lost
        Assert.False(await store.AppendAsync(7, 1, 1, "a"));

        Assert.Equal(length, new FileInfo(store.PathOf(7)).Length);
        Assert.True(await store.AppendAsync(7, 2, 1, "c"));  // a new assignment starts its seqs afresh
        Assert.False(await store.AppendAsync(7, 1, 3, "late")); // a late chunk of the superseded assignment
        Assert.Equal("a\nb\nc\n", await Text(store, 7));
    }

    [Fact]
    public async Task A_chunk_without_log_seq_is_always_stored_and_does_not_forget_the_last_seq()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(7, 4, 3, "three"));
        Assert.True(await store.AppendAsync(7, 4, null, "unnumbered"));
        Assert.True(await store.AppendAsync(7, 4, null, "unnumbered"));

        Assert.False(await store.AppendAsync(7, 4, 3, "three"));
        Assert.Equal("three\nunnumbered\nunnumbered\n", await Text(store, 7));
    }

    [Fact]
    public async Task Deduplication_holds_after_a_restart()
    {
        var before = Store();
        Assert.True(await before.AppendAsync(7, 5, 1, "one"));
        Assert.True(await before.AppendAsync(7, 5, 2, "two"));

        var after = Store(); // a new process: nothing in memory

        Assert.False(await after.AppendAsync(7, 5, 2, "two"));
        Assert.True(await after.AppendAsync(7, 5, 3, "three"));
        Assert.Equal("one\ntwo\nthree\n", await Text(after, 7));
    }

    [Fact]
    public async Task Beyond_the_limit_chunks_are_dropped_behind_one_marker_line_also_after_a_restart()
    {
        var store = Store(maxBytes: 20);
        Assert.True(await store.AppendAsync(1, 1, 1, "0123456789")); // 11 bytes with its line break
        Assert.True(await store.AppendAsync(1, 1, 2, "abcdefgh"));   // 20
        Assert.True(await store.AppendAsync(1, 1, 3, "x"));          // 22: over
        Assert.True(await store.AppendAsync(1, 1, 4, "y"));
        Assert.True(await Store(maxBytes: 20).AppendAsync(1, 1, 5, "z"));

        var text = await Text(store, 1);
        Assert.Equal("0123456789\nabcdefgh\n" + store.LimitMarker, text);
        Assert.Contains("limit of 20 bytes", store.LimitMarker);
        Assert.EndsWith("\n", store.LimitMarker);
        Assert.False(await store.AppendAsync(1, 1, 3, "x")); // what was dropped counts as stored: a repeat is still a repeat
    }

    [Fact]
    public async Task A_frame_torn_by_a_crash_is_cut_off_and_its_chunk_can_be_sent_again()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(3, 1, 1, "kept"));
        var intact = new FileInfo(store.PathOf(3)).Length;
        Assert.True(await store.AppendAsync(3, 1, 2, "torn by the crash"));
        using (var file = new FileStream(store.PathOf(3), FileMode.Open))
            file.SetLength(file.Length - 7); // the crash: the second frame's end never reached the disk

        var restarted = Store();

        Assert.Equal("kept\n", await Text(restarted, 3));
        Assert.True(await restarted.AppendAsync(3, 1, 2, "torn by the crash")); // never acknowledged, so not a repeat
        Assert.Equal("kept\ntorn by the crash\n", await Text(restarted, 3));
        Assert.True(new FileInfo(store.PathOf(3)).Length > intact);
    }

    [Fact]
    public async Task A_frame_whose_text_did_not_reach_the_disk_is_cut_off()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(3, 1, 1, "kept"));
        Assert.True(await store.AppendAsync(3, 1, 2, "zeros on disk"));
        var bytes = await File.ReadAllBytesAsync(store.PathOf(3));
        var at = Encoding.UTF8.GetString(bytes).LastIndexOf("zeros", StringComparison.Ordinal);
        bytes.AsSpan(at, 5).Clear(); // header and trailer written, a page of text not
        await File.WriteAllBytesAsync(store.PathOf(3), bytes);

        var restarted = Store();

        Assert.True(await restarted.AppendAsync(3, 1, 2, "zeros on disk"));
        Assert.Equal("kept\nzeros on disk\n", await Text(restarted, 3));
    }

    [Fact]
    public async Task A_plain_text_log_from_before_framing_is_kept()
    {
        var store = Store();
        await File.WriteAllTextAsync(store.PathOf(9), "old line 1\nold line 2\n");

        Assert.Equal("old line 1\nold line 2\n", await Text(store, 9));
        Assert.True(await store.AppendAsync(9, 1, 1, "new"));
        Assert.Equal("old line 1\nold line 2\nnew\n", await Text(Store(), 9));
    }

    [Fact]
    public async Task The_tail_is_the_last_whole_lines_within_the_bound()
    {
        var store = Store();
        for (var i = 1; i <= 100; i++)
            Assert.True(await store.AppendAsync(1, 1, i, $"line {i:000}"));

        var tail = store.Tail(1, maxBytes: 30)!;

        Assert.Equal("line 098\nline 099\nline 100\n", tail);
        Assert.Equal("line 100\n", Store().Tail(1, maxBytes: 12));
        Assert.Equal(100 * 9, (await Text(store, 1))!.Length);
    }

    [Fact]
    public async Task A_reader_sees_the_log_as_it_was_when_opened_while_appends_go_on()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(1, 1, 1, new string('a', 100_000)));

        await using var stream = (await store.OpenReadAsync(1))!;
        Assert.True(await store.AppendAsync(1, 1, 2, "after"));
        using var reader = new StreamReader(stream);

        Assert.Equal(new string('a', 100_000) + "\n", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task An_append_that_cannot_be_written_throws_the_typed_exception_and_keeps_nothing()
    {
        var store = Store();
        Directory.CreateDirectory(store.PathOf(4)); // the log's path is taken by a directory: every write fails

        var e = await Assert.ThrowsAsync<TaskLogUnavailableException>(() => store.AppendAsync(4, 1, 1, "lost"));

        Assert.Equal(4, e.TaskId);
        Assert.IsAssignableFrom<IOException>(e);
        Assert.Contains("task 4", e.Message);
    }

    [Fact]
    public async Task Delete_removes_the_log_and_what_was_known_about_it()
    {
        var store = Store();
        Assert.True(await store.AppendAsync(6, 1, 1, "x"));

        store.Delete(6);

        Assert.False(File.Exists(store.PathOf(6)));
        Assert.Null(await Text(store, 6));
        store.Delete(6); // deleting twice is fine
    }
}
