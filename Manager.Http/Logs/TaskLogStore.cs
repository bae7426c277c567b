using System.Collections.Concurrent;
using System.Text;

namespace Manager.Http.Logs;

/// <summary>
/// One append-only file per task (<c>task-{id}.log</c>). A chunk is flushed to disk before the worker's
/// update is answered; logs stay out of the journal so it holds only facts.
/// </summary>
public sealed class TaskLogStore
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    public TaskLogStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(long taskId) => Path.Combine(Directory, $"task-{taskId}.log");

    public async Task AppendAsync(long taskId, string chunk)
    {
        var gate = _locks.GetOrAdd(taskId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await using var file = new FileStream(PathOf(taskId), FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await file.WriteAsync(Encoding.UTF8.GetBytes(chunk.EndsWith('\n') ? chunk : chunk + "\n"));
            file.Flush(flushToDisk: true);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<string?> ReadAllAsync(long taskId) =>
        File.Exists(PathOf(taskId)) ? await File.ReadAllTextAsync(PathOf(taskId)) : null;

    /// <summary>The last few lines of the log (up to <paramref name="maxBytes"/>), or null when there is none.</summary>
    public string? Tail(long taskId, int maxBytes = 4096)
    {
        var path = PathOf(taskId);
        if (!File.Exists(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, file.Length - maxBytes);
        file.Seek(start, SeekOrigin.Begin);
        var bytes = new byte[file.Length - start];
        file.ReadExactly(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        return start > 0 && text.IndexOf('\n') is var cut and >= 0 ? text[(cut + 1)..] : text;
    }

    public void Delete(long taskId)
    {
        if (File.Exists(PathOf(taskId))) File.Delete(PathOf(taskId));
        _locks.TryRemove(taskId, out _);
    }
}
