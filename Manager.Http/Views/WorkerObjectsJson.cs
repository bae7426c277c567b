using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;

namespace Manager.Http.Views;

/// <summary>
/// Writes worker objects as GET /workers and POST /workers show them (docs/api.md, "The worker object"), fast enough
/// for 10,000 at once. The fields that come from the directory's <see cref="WorkerView"/> are rendered once per view
/// and kept beside it: the directory replaces a view when anything in it changes, so a view seen again needs no
/// rendering (in a cluster the directory's answers arrive as new instances and are rendered each time). The
/// dispatcher's fields (activity, current task, blocklist) change with every progress report and are written at each
/// request. One instance per application; its cache is safe to share between requests.
/// </summary>
public sealed class WorkerObjectsJson(JsonSerializerOptions options)
{
    private static readonly JsonEncodedText Activity = JsonEncodedText.Encode("activity");
    private static readonly JsonEncodedText CurrentTask = JsonEncodedText.Encode("current_task");
    private static readonly JsonEncodedText BlocklistedTypes = JsonEncodedText.Encode("blocklisted_types");
    private static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");

    /// <summary>Per view: its fields as JSON without the opening brace (<c>"connection":…,"last_seen":…}</c>).</summary>
    private readonly ConditionalWeakTable<WorkerView, byte[]> _viewFields = new();

    /// <summary>How much the writer holds before it passes it on to the stream (so it does not hold the whole answer twice).</summary>
    private const int FlushEvery = 64 * 1024;

    /// <summary>
    /// Writes <c>{"hostname": {worker object}, …}</c> to <paramref name="body"/>. <paramref name="assignments"/> holds the
    /// workers that have a task or a blocklist; <paramref name="token"/> goes into the object of a worker just given its credential.
    /// </summary>
    public async Task WriteAsync(Stream body, IEnumerable<WorkerView> views, IReadOnlyDictionary<long, WorkerAssignment> assignments,
        string? token, CancellationToken cancel)
    {
        await using var output = new Utf8JsonWriter(body);
        var scratch = new ArrayBufferWriter<byte>(1024);
        await using var dispatcherFields = new Utf8JsonWriter(scratch);
        output.WriteStartObject();
        foreach (var view in views)
        {
            scratch.ResetWrittenCount();
            dispatcherFields.Reset(scratch);
            WriteDispatcherFields(dispatcherFields, view, assignments.GetValueOrDefault(view.Record.Id), token);
            dispatcherFields.Flush(); // the object is still open: the view's fields close it
            scratch.Write(","u8);
            scratch.Write(ViewFields(view));
            output.WritePropertyName(view.Record.Hostname);
            output.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
            if (output.BytesPending >= FlushEvery) await output.FlushAsync(cancel);
        }
        output.WriteEndObject();
        await output.FlushAsync(cancel);
    }

    private static void WriteDispatcherFields(Utf8JsonWriter writer, WorkerView view, WorkerAssignment? assignment, string? token)
    {
        writer.WriteStartObject();
        writer.WriteString(Activity, assignment?.TaskActivity ?? view.Activity);
        if (assignment?.CurrentTask is { } taskId) writer.WriteNumber(CurrentTask, taskId);
        else writer.WriteNull(CurrentTask);
        writer.WriteStartArray(BlocklistedTypes);
        foreach (var type in assignment?.BlockedTypes ?? []) writer.WriteStringValue(type);
        writer.WriteEndArray();
        if (token is not null) writer.WriteString(Token, token);
    }

    private byte[] ViewFields(WorkerView view) => _viewFields.GetValue(view, v =>
        JsonSerializer.SerializeToUtf8Bytes(WorkerViewFields.Of(v), options).AsSpan(1).ToArray());

    /// <summary>The worker object's fields read from the directory's view (Part A fields, then Part B's).</summary>
    private sealed record WorkerViewFields(
        string Connection, string Hostname, long Id, string? IpAddress, string? Log, int? Port, string Status, string System,
        double? TimeCost, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, DateTimeOffset? LastSeen)
    {
        public static WorkerViewFields Of(WorkerView w) => new(
            Connection: w.Online ? "online" : "offline",
            Hostname: w.Record.Hostname,
            Id: w.Record.Id,
            IpAddress: w.Record.IpAddress,
            Log: null,
            Port: w.Record.Port,
            Status: w.Record.Enabled ? "enabled" : "disabled",
            System: w.Record.System,
            TimeCost: null,
            SupportedTypes: w.Record.SupportedTypes,
            Tags: w.Record.Tags,
            LastSeen: w.LastSeen);
    }
}
