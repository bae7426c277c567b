using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Akka.Util;
using Manager.Actors.Common;
using Manager.Actors.Serialization;

namespace Manager.Actors.Hosting;

/// <summary>
/// Serializes the commands, queries and answers that cross nodes in a cluster (bound in hocon/cluster.hocon) as
/// System.Text.Json under a type-name manifest. These messages are never stored, so type names are fine here.
/// Akka's default Newtonsoft serializer cannot be used: it writes the runtime type of every collection, and the
/// collections that C# collection expressions create (<c>&lt;&gt;z__ReadOnlyArray</c> …) cannot be constructed back.
/// Only types of this assembly (and lists of them or of primitives) are accepted.
/// </summary>
public sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4243;

    private static readonly ConcurrentDictionary<string, Type> Types = new();
    private static readonly JsonSerializerOptions Json = ManagerSerializer.Json;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o.GetType().TypeQualifiedName();

    public override byte[] ToBinary(object obj)
    {
        if (obj is not DoneOutcome done) return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

        // DoneOutcome carries an untyped value: write its type next to it.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (done.Value is { } value)
            {
                var type = WireType(value);
                writer.WriteString("t", type.TypeQualifiedName());
                writer.WritePropertyName("v");
                JsonSerializer.Serialize(writer, value, type, Json);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = Resolve(manifest);
        if (type != typeof(DoneOutcome)) return JsonSerializer.Deserialize(bytes, type, Json)!;

        using var document = JsonDocument.Parse(bytes);
        if (!document.RootElement.TryGetProperty("t", out var valueType)) return new DoneOutcome(null);
        return new DoneOutcome(document.RootElement.GetProperty("v").Deserialize(Resolve(valueType.GetString()!), Json));
    }

    /// <summary>A collection of a type that cannot be rebuilt (compiler-generated, not public) travels as a List&lt;T&gt;.</summary>
    private static Type WireType(object value)
    {
        var type = value.GetType();
        if (type.IsVisible && !type.IsDefined(typeof(CompilerGeneratedAttribute), false)) return type;
        var element = type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
        return element is null ? type : typeof(List<>).MakeGenericType(element);
    }

    private static Type Resolve(string name) => Types.GetOrAdd(name, n =>
    {
        var type = Type.GetType(n) ?? throw new System.Runtime.Serialization.SerializationException($"unknown message type '{n}'");
        return Allowed(type) ? type : throw new System.Runtime.Serialization.SerializationException($"'{n}' is not a manager message type");
    });

    private static bool Allowed(Type type) =>
        type.Assembly == typeof(ClusterMessageSerializer).Assembly
        || type.IsPrimitive || type == typeof(string)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && Allowed(type.GetGenericArguments()[0]));
}
