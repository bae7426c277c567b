using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Akka.Util;
using Manager.Actors.Metrics;
using Manager.Actors.Serialization;

namespace Manager.Actors.Hosting;

/// <summary>
/// Serializes the commands, queries and answers that cross nodes in a cluster (bound in hocon/cluster.hocon) as
/// System.Text.Json under a type-name manifest. These messages are never stored, so type names are fine here.
/// Akka's default Newtonsoft serializer cannot be used: it writes the runtime type of every collection, and the
/// collections that C# collection expressions create (<c>&lt;&gt;z__ReadOnlyArray</c> …) cannot be constructed back;
/// System.Text.Json writes a collection by its declared type and reads it back as a list. An answer is an
/// <c>Outcome&lt;T&gt;</c> with T in its type name. Only types of this assembly (generic or not), primitives, strings,
/// and nullables and read-only lists of them are accepted.
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
        var bytes = JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
        ClusterMessages.Serialized(obj.GetType(), bytes.Length);
        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest) => JsonSerializer.Deserialize(bytes, Resolve(manifest), Json)!;

    private static Type Resolve(string name) => Types.GetOrAdd(name, n =>
    {
        var type = Type.GetType(n) ?? throw new System.Runtime.Serialization.SerializationException($"unknown message type '{n}'");
        return Allowed(type) ? type : throw new System.Runtime.Serialization.SerializationException($"'{n}' is not a manager message type");
    });

    private static bool Allowed(Type type)
    {
        if (type.IsPrimitive || type == typeof(string)) return true;
        if (!type.IsGenericType) return type.Assembly == typeof(ClusterMessageSerializer).Assembly;
        var definition = type.GetGenericTypeDefinition();
        return (definition.Assembly == typeof(ClusterMessageSerializer).Assembly
                || definition == typeof(Nullable<>) || definition == typeof(IReadOnlyList<>))
               && type.GetGenericArguments().All(Allowed);
    }
}
