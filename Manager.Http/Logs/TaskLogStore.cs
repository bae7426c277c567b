using System.Text;

namespace Manager.Http.Logs;

/// <summary>
/// Task logs, kept in the journal's database (<see cref="TaskLogDatabase"/>) so that every node of a cluster reads
/// them; logs are not journal events, so the journal holds only facts. A chunk is committed before
/// <see cref="AppendAsync"/> returns, is stored once per (assignment, log_seq), and a task's text is bounded
/// (<see cref="MaxBytesPerTask"/>): what goes beyond is dropped behind one marker line. Concurrent appends share
/// commits (<see cref="TaskLogWriter"/>).
/// </summary>
public sealed class TaskLogStore : IAsyncDisposable
{
    public const long DefaultMaxBytesPerTask = 64L * 1024 * 1024;

    private readonly TaskLogDatabase _database;
    private readonly TaskLogWriter _writer;
    private readonly byte[] _limitMarker;
    private Task? _schema;

    /// <param name="maxBytesPerTask">Text bytes kept per task (Manager:MaxTaskLogBytes).</param>
    public TaskLogStore(TaskLogDatabase database, long maxBytesPerTask = DefaultMaxBytesPerTask, int maxBatch = TaskLogWriter.DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytesPerTask);
        _database = database;
        MaxBytesPerTask = maxBytesPerTask;
        _limitMarker = Encoding.UTF8.GetBytes(LimitMarker);
        _writer = new TaskLogWriter(async chunks =>
        {
            await SchemaReadyAsync();
            return await _database.WriteAsync(chunks, MaxBytesPerTask, _limitMarker);
        }, maxBatch);
    }

    public long MaxBytesPerTask { get; }

    public string LimitMarker => $"[manager] this task's log reached its limit of {MaxBytesPerTask} bytes; later output is dropped\n";

    /// <summary>Transactions the appends were written in so far (fewer than the appends when they came together).</summary>
    public long Transactions => _writer.Transactions;

    /// <summary>Told the size in bytes of each chunk stored (not of a repeat, nor of one dropped past the limit).</summary>
    public Action<long>? Stored { get; init; }

    /// <summary>Creates the tables when missing; once done, done (a failure is tried again on the next call).</summary>
    public Task SchemaReadyAsync()
    {
        var schema = _schema;
        if (schema is null || schema.IsFaulted || schema.IsCanceled) _schema = schema = _database.CreateSchemaAsync();
        return schema;
    }

    /// <summary>
    /// Stores a chunk of the task's output durably (a line break is added when it lacks one). False, and nothing
    /// written, when (<paramref name="assignment"/>, <paramref name="logSeq"/>) is at or before the highest pair
    /// stored: a repeat of a stored chunk, or a late chunk of an assignment that was superseded. A chunk without a
    /// log_seq is always stored. Past the limit a chunk is accepted (true) but dropped.
    /// </summary>
    /// <exception cref="TaskLogUnavailableException">The chunk could not be stored; nothing of it is kept.</exception>
    public async Task<bool> AppendAsync(long taskId, long assignment, long? logSeq, string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var text = Encoding.UTF8.GetBytes(chunk.EndsWith('\n') ? chunk : chunk + "\n");
        try
        {
            var outcome = await _writer.WriteAsync(new TaskLogChunk(taskId, assignment, logSeq, text));
            if (outcome == TaskLogOutcome.Stored) Stored?.Invoke(text.Length);
            return outcome != TaskLogOutcome.Repeat;
        }
        catch (Exception e)
        {
            throw new TaskLogUnavailableException(taskId, e);
        }
    }

    /// <summary>The log's text as a stream (for Results.Stream), as far as it was stored when opened; null when there is none.</summary>
    public async Task<Stream?> OpenReadAsync(long taskId)
    {
        var end = await EndAsync(taskId);
        return end is null ? null : new TaskLogTextStream(_database, taskId, end.Value.Chunks);
    }

    /// <summary>The last lines of the log (up to <paramref name="maxBytes"/> of text), or null when there is none.</summary>
    public async Task<string?> TailAsync(long taskId, int maxBytes = 4096)
    {
        if (await EndAsync(taskId) is not { } end) return null;
        var pieces = new List<byte[]>();
        var collected = 0;
        var upTo = end.Chunks;
        try
        {
            while (collected < maxBytes && upTo > 0)
            {
                var page = await _database.ReadChunksAsync(taskId, 0, upTo, 8, descending: true);
                if (page.Count == 0) break;
                foreach (var text in page)
                {
                    if (collected >= maxBytes) break;
                    var take = Math.Min(text.Length, maxBytes - collected);
                    pieces.Add(text[^take..]);
                    collected += take;
                }
                upTo -= page.Count;
            }
        }
        catch (Exception e)
        {
            throw new TaskLogUnavailableException(taskId, e, "read");
        }
        pieces.Reverse();
        var tail = Encoding.UTF8.GetString(pieces.SelectMany(p => p).ToArray());
        // Begun mid-text: drop the partial first line, as long as a whole line is left.
        return end.TextBytes > collected && tail.IndexOf('\n') is var cut and >= 0 && cut < tail.Length - 1 ? tail[(cut + 1)..] : tail;
    }

    public async Task DeleteAsync(long taskId)
    {
        try
        {
            await SchemaReadyAsync();
            await _database.DeleteAsync(taskId);
        }
        catch (Exception e)
        {
            throw new TaskLogUnavailableException(taskId, e, "deleted");
        }
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<TaskLogEnd?> EndAsync(long taskId)
    {
        try
        {
            await SchemaReadyAsync();
            return await _database.EndAsync(taskId);
        }
        catch (Exception e)
        {
            throw new TaskLogUnavailableException(taskId, e, "read");
        }
    }
}
