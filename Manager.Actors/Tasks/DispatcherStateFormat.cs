using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Manager.Actors.Compilers;
using Manager.Actors.Jobs;

namespace Manager.Actors.Tasks;

/// <summary>
/// The binary form of a <see cref="DispatcherStateSnapshot"/>: compact and quick to write and read (recovery time; BENCHMARKS.md
/// measured reading about twice as fast as the JSON it replaced). Layout: a version byte, then a zlib-compressed body (fastest
/// level, with its checksum): the counters, deleted ids, failure counts, then each task field by field (strings
/// length-prefixed UTF-8, optional values behind a presence byte). The queue and the holder index are derived from the
/// tasks on reading. Version 3 adds to version 2 who submitted each task, its owner token and its history; version 4 adds
/// each task's job, dependencies and preview mark, then the jobs (next job id, deleted job ids, each job field by field).
/// Never change the layout of a version: add a new one and keep reading the old ones.
/// </summary>
public static class DispatcherStateFormat
{
    private const byte Version2 = 2;
    private const byte Version3 = 3;
    private const byte Version4 = 4;

    public static byte[] Write(DispatcherStateSnapshot state)
    {
        using var stream = new MemoryStream(capacity: 256 + state.Tasks.Count * 32);
        stream.WriteByte(Version4);
        using (var zlib = new ZLibStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        using (var buffered = new BufferedStream(zlib, 64 * 1024))
        using (var w = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true))
            WriteBody(w, state);
        return stream.ToArray();
    }

    private static void WriteBody(BinaryWriter w, DispatcherStateSnapshot state)
    {
        w.Write(state.NextId);
        w.Write(state.NextSubmitSeq);
        w.Write(state.LastAssignment);

        w.Write(state.DeletedIds.Count);
        foreach (var id in state.DeletedIds.Order()) w.Write(id);

        w.Write(state.FailuresByWorkerAndType.Count);
        foreach (var (workerId, byType) in state.FailuresByWorkerAndType.OrderBy(kv => kv.Key))
        {
            w.Write(workerId);
            w.Write(byType.Count);
            foreach (var (type, count) in byType.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.Write(type);
                w.Write(count);
            }
        }

        w.Write(state.Tasks.Count);
        foreach (var task in state.Tasks) WriteTask(w, task);

        w.Write(state.NextJobId);
        var deletedJobs = state.DeletedJobIds ?? [];
        w.Write(deletedJobs.Count);
        foreach (var id in deletedJobs.Order()) w.Write(id);
        var jobs = state.Jobs ?? [];
        w.Write(jobs.Count);
        foreach (var job in jobs) WriteJob(w, job);
    }

    public static DispatcherStateSnapshot Read(byte[] bytes)
    {
        if (bytes.Length == 0) throw new InvalidDataException("empty dispatcher snapshot");
        if (bytes[0] is not (Version2 or Version3 or Version4)) throw new InvalidDataException($"unknown dispatcher snapshot version {bytes[0]}");
        var rest = new MemoryStream(bytes, 1, bytes.Length - 1, writable: false);
        using var r = new BinaryReader(new BufferedStream(new ZLibStream(rest, CompressionMode.Decompress), 64 * 1024), Encoding.UTF8);
        return ReadBody(r, bytes[0]);
    }

    private static DispatcherStateSnapshot ReadBody(BinaryReader r, byte version)
    {
        var strings = new StringPool();

        var nextId = r.ReadInt64();
        var nextSubmitSeq = r.ReadInt64();
        var lastAssignment = r.ReadInt64();

        var deleted = new List<long>();
        for (var i = r.ReadInt32(); i > 0; i--) deleted.Add(r.ReadInt64());

        var failures = ImmutableDictionary.CreateBuilder<long, ImmutableDictionary<string, int>>();
        for (var i = r.ReadInt32(); i > 0; i--)
        {
            var workerId = r.ReadInt64();
            var byType = ImmutableDictionary.CreateBuilder<string, int>();
            for (var j = r.ReadInt32(); j > 0; j--) byType[strings.Get(r.ReadString())] = r.ReadInt32();
            failures[workerId] = byType.ToImmutable();
        }

        var tasks = new TaskRecord[r.ReadInt32()];
        for (var i = 0; i < tasks.Length; i++) tasks[i] = ReadTask(r, strings, version);

        var nextJobId = 1L;
        var deletedJobs = new List<long>();
        var jobs = new List<JobRecord>();
        if (version >= Version4)
        {
            nextJobId = r.ReadInt64();
            for (var i = r.ReadInt32(); i > 0; i--) deletedJobs.Add(r.ReadInt64());
            for (var i = r.ReadInt32(); i > 0; i--) jobs.Add(ReadJob(r, strings));
        }
        if (r.BaseStream.ReadByte() != -1) throw new InvalidDataException("trailing bytes after the dispatcher snapshot");

        return new DispatcherStateSnapshot(tasks, deleted, failures.ToImmutable(), nextId, nextSubmitSeq, lastAssignment, jobs, deletedJobs, nextJobId);
    }

    private static void WriteTask(BinaryWriter w, TaskRecord t)
    {
        w.Write(t.Id);
        w.Write(t.SubmitSeq);
        w.Write(t.Type);
        w.Write(t.Parser);
        w.Write(t.Settings);
        w.Write(t.Fingerprint);
        w.Write(t.Commands.Count);
        foreach (var command in t.Commands)
        {
            w.Write(command.Name);
            WriteStrings(w, command.Argv);
        }
        w.Write(t.Priority);
        WriteOptional(w, t.FrameStart);
        WriteOptional(w, t.FrameEnd);
        WriteOptional(w, t.FrameCurrent);
        WriteOptional(w, t.Format);
        WriteStrings(w, t.Tags);
        w.Write((byte)t.Status);
        WriteOptional(w, t.WorkerId);
        w.Write(t.Assignment);
        w.Write(t.Attempts);
        WriteLongs(w, t.FailedByWorkers);
        WriteOptional(w, t.Activity);
        WriteOptional(w, t.Error);
        w.Write(t.TimeCost is not null);
        if (t.TimeCost is { } cost) w.Write(cost);
        WriteTime(w, t.CreatedAt);
        WriteTime(w, t.UpdatedAt);
        w.Write(t.SubmittedBy);
        WriteOptional(w, t.OwnerTokenId);
        var history = t.History ?? [];
        w.Write(history.Count);
        foreach (var entry in history)
        {
            WriteTime(w, entry.At);
            w.Write(entry.By);
            w.Write((byte)entry.Status);
            w.Write(entry.Reason);
        }
        WriteOptional(w, t.JobId);
        WriteLongs(w, t.DependsOn ?? []);
        w.Write(t.Preview);
    }

    private static void WriteJob(BinaryWriter w, JobRecord j)
    {
        w.Write(j.Id);
        w.Write(j.SubmitSeq);
        w.Write(j.Name);
        w.Write(j.Type);
        w.Write(j.Settings);
        w.Write(j.Fingerprint);
        w.Write(j.Priority);
        WriteLongs(w, j.DependsOn);
        WriteStrings(w, j.Tags);
        WriteLongs(w, j.TaskIds);
        w.Write(j.FramesTotal);
        w.Write(j.WorkTotal);
        w.Write(j.Paused);
        w.Write((byte)j.Status);
        w.Write(j.SubmittedBy);
        WriteOptional(w, j.OwnerTokenId);
        WriteTime(w, j.CreatedAt);
        WriteTime(w, j.UpdatedAt);
    }

    private static JobRecord ReadJob(BinaryReader r, StringPool strings)
    {
        var id = r.ReadInt64();
        var submitSeq = r.ReadInt64();
        var name = r.ReadString();
        var type = strings.Get(r.ReadString());
        var settings = r.ReadString();
        var fingerprint = r.ReadString();
        var priority = r.ReadInt64();
        var dependsOn = ReadLongs(r);
        var tags = ReadStrings(r, strings);
        var taskIds = ReadLongs(r);
        var framesTotal = r.ReadInt64();
        var workTotal = r.ReadInt64();
        var paused = r.ReadBoolean();
        var status = (JobStatus)r.ReadByte();
        if (!Enum.IsDefined(status)) throw new InvalidDataException($"job {id}: unknown status {(int)status}");
        var submittedBy = strings.Get(r.ReadString());
        var owner = ReadOptionalLong(r);
        var createdAt = ReadTime(r);
        return new JobRecord(id, submitSeq, name, type, settings, fingerprint, priority, dependsOn, tags, taskIds, framesTotal, workTotal,
            paused, status, submittedBy, owner, createdAt, ReadTime(r));
    }

    private static void WriteLongs(BinaryWriter w, IReadOnlyList<long> values)
    {
        w.Write(values.Count);
        foreach (var value in values) w.Write(value);
    }

    private static long[] ReadLongs(BinaryReader r)
    {
        var values = r.ReadInt32() is var n and > 0 ? new long[n] : [];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadInt64();
        return values;
    }

    private static TaskRecord ReadTask(BinaryReader r, StringPool strings, byte version)
    {
        var id = r.ReadInt64();
        var submitSeq = r.ReadInt64();
        var type = strings.Get(r.ReadString());
        var parser = strings.Get(r.ReadString());
        var settings = r.ReadString();
        var fingerprint = r.ReadString();
        var commands = new CompiledCommand[r.ReadInt32()];
        for (var i = 0; i < commands.Length; i++) commands[i] = new CompiledCommand(strings.Get(r.ReadString()), ReadStrings(r, strings));
        var priority = r.ReadInt64();
        var frameStart = ReadOptionalLong(r);
        var frameEnd = ReadOptionalLong(r);
        var frameCurrent = ReadOptionalLong(r);
        var format = ReadOptionalString(r, strings);
        var tags = ReadStrings(r, strings);
        var status = (TaskStatus)r.ReadByte();
        if (!Enum.IsDefined(status)) throw new InvalidDataException($"task {id}: unknown status {(int)status}");
        var workerId = ReadOptionalLong(r);
        var assignment = r.ReadInt64();
        var attempts = r.ReadInt32();
        var failedBy = ReadLongs(r);
        var activity = ReadOptionalString(r, strings);
        var error = ReadOptionalString(r, null);
        double? timeCost = r.ReadBoolean() ? r.ReadDouble() : null;
        var createdAt = ReadTime(r);
        var updatedAt = ReadTime(r);
        var task = new TaskRecord(id, submitSeq, type, parser, settings, fingerprint, commands, priority, frameStart, frameEnd,
            frameCurrent, format, tags, status, workerId, assignment, attempts, failedBy, activity, error, timeCost, createdAt, updatedAt);
        if (version < Version3) return task;
        var submittedBy = strings.Get(r.ReadString());
        var owner = ReadOptionalLong(r);
        var history = new TaskHistoryEntry[r.ReadInt32()];
        for (var i = 0; i < history.Length; i++)
        {
            var at = ReadTime(r);
            var by = strings.Get(r.ReadString());
            var entryStatus = (TaskStatus)r.ReadByte();
            history[i] = new TaskHistoryEntry(at, by, entryStatus, strings.Get(r.ReadString()));
        }
        task = task with { SubmittedBy = submittedBy, OwnerTokenId = owner, History = history };
        if (version < Version4) return task;
        var jobId = ReadOptionalLong(r);
        var dependsOn = ReadLongs(r);
        return task with { JobId = jobId, DependsOn = dependsOn.Length == 0 && jobId is null ? null : dependsOn, Preview = r.ReadBoolean() };
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var value in values) w.Write(value);
    }

    private static string[] ReadStrings(BinaryReader r, StringPool strings)
    {
        var values = r.ReadInt32() is var n and > 0 ? new string[n] : [];
        for (var i = 0; i < values.Length; i++) values[i] = strings.Get(r.ReadString());
        return values;
    }

    private static void WriteOptional(BinaryWriter w, long? value)
    {
        w.Write(value is not null);
        if (value is { } v) w.Write(v);
    }

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    private static long? ReadOptionalLong(BinaryReader r) => r.ReadBoolean() ? r.ReadInt64() : null;

    private static string? ReadOptionalString(BinaryReader r, StringPool? strings)
    {
        if (!r.ReadBoolean()) return null;
        var value = r.ReadString();
        return strings is null ? value : strings.Get(value);
    }

    private static void WriteTime(BinaryWriter w, DateTimeOffset time)
    {
        w.Write(time.Ticks);
        w.Write((short)time.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(r.ReadInt16()));
    }

    /// <summary>
    /// One instance per distinct short string (types, parsers, activities, tags, argv words): 100,000 tasks
    /// mostly repeat a handful of them, so the recovered state is smaller than one built up request by request.
    /// </summary>
    private sealed class StringPool
    {
        private const int MaxPooledLength = 64;
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        public string Get(string value)
        {
            if (value.Length > MaxPooledLength) return value;
            if (_pool.TryGetValue(value, out var pooled)) return pooled;
            _pool[value] = value;
            return value;
        }
    }
}
