using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Actors.Serialization;

/// <summary>
/// Writes every <see cref="IPersisted"/> as UTF-8 JSON under a stable manifest from <see cref="PersistedManifests"/>,
/// so journal rows carry no CLR type names and a rename does not break recovery.
/// </summary>
public sealed class ManagerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4242;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        PersistedManifests.ByType.TryGetValue(o.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(PersistedManifests)}");

    /// <summary>
    /// JSON, except the dispatcher's snapshot: the whole task table, in its own binary format, written on the
    /// low-priority thread so the burst of CPU does not delay requests.
    /// </summary>
    public override byte[] ToBinary(object obj) => obj is DispatcherStateSnapshot snapshot
        ? LowPriorityWorker.Run(() => DispatcherStateFormat.Write(snapshot))
        : JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        PersistedManifests.ByName.TryGetValue(manifest, out var type)
            ? type == typeof(DispatcherStateSnapshot)
                ? DispatcherStateFormat.Read(bytes)
                : JsonSerializer.Deserialize(bytes, type, Json)!
            : throw new System.Runtime.Serialization.SerializationException($"unknown manifest '{manifest}'");
}
