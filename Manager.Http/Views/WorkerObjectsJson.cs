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

    /// <summary>Per view: what is written of it, rendered at its first listing.</summary>
    private readonly ConditionalWeakTable<WorkerView, RenderedView> _rendered = new();

    /// <summary>
    /// Writes <c>{"hostname": {worker object}, …}</c> to <paramref name="output"/>. <paramref name="assignments"/> holds the
    /// workers that have a task or a blocklist; <paramref name="token"/> goes into the object of a worker just given its
    /// credential. A worker with neither (most of a farm between tasks) is one copy of bytes rendered before.
    /// </summary>
    public void Write(IBufferWriter<byte> output, IEnumerable<WorkerView> views, IReadOnlyDictionary<long, WorkerAssignment> assignments,
        string? token = null)
    {
        var scratch = new ArrayBufferWriter<byte>(256);
        using var dispatcherFields = new Utf8JsonWriter(scratch);
        output.Write("{"u8);
        var first = true;
        foreach (var view in views)
        {
            if (!first) output.Write(","u8);
            first = false;
            var rendered = Rendered(view);
            var assignment = assignments.GetValueOrDefault(view.Record.Id);
            if (assignment is null && token is null)
            {
                output.Write(rendered.Member);
                continue;
            }
            output.Write(rendered.Name);
            scratch.ResetWrittenCount();
            dispatcherFields.Reset(scratch);
            WriteDispatcherFields(dispatcherFields, view, assignment, token);
            dispatcherFields.Flush(); // "{…" still open: the view's fields close it
            output.Write(scratch.WrittenSpan);
            output.Write(","u8);
            output.Write(rendered.Fields);
        }
        output.Write("}"u8);
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

    private RenderedView Rendered(WorkerView view) => _rendered.GetValue(view, v =>
    {
        byte[] nameWithColon = [.. "\""u8, .. JsonEncodedText.Encode(v.Record.Hostname).EncodedUtf8Bytes, .. "\":"u8];
        var fields = JsonSerializer.SerializeToUtf8Bytes(WorkerViewFields.Of(v), options).AsSpan(1).ToArray();

        var member = new ArrayBufferWriter<byte>(nameWithColon.Length + fields.Length + 64);
        member.Write(nameWithColon);
        using (var writer = new Utf8JsonWriter(member))
        {
            WriteDispatcherFields(writer, v, null, null);
            writer.Flush();
        }
        member.Write(","u8);
        member.Write(fields);
        return new RenderedView(nameWithColon, fields, member.WrittenSpan.ToArray());
    });

    /// <param name="Name">The host name as a JSON property name with its colon.</param>
    /// <param name="Fields">The view's fields without the opening brace (<c>"connection":…,"last_seen":…}</c>).</param>
    /// <param name="Member">The whole member for a worker that holds no task and has no blocklist.</param>
    private sealed record RenderedView(byte[] Name, byte[] Fields, byte[] Member);

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
