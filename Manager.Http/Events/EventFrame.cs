using System.Text;

namespace Manager.Http.Events;

/// <summary>One server-sent event as written to every client: <c>id</c>, <c>event</c> and one <c>data</c> line of JSON.</summary>
/// <param name="Seq">Its place in this manager's stream (<see cref="FarmEventHub"/>).</param>
public sealed record EventFrame(long Seq, byte[] Bytes)
{
    public static EventFrame Create(long seq, string id, string name, ReadOnlySpan<byte> json)
    {
        var head = Encoding.UTF8.GetBytes($"id: {id}\nevent: {name}\ndata: ");
        return new EventFrame(seq, [.. head, .. json, .. "\n\n"u8]);
    }
}
