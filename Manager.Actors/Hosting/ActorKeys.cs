namespace Manager.Actors.Hosting;

/// <summary>Keys under which the top-level actors are found in Akka.Hosting's ActorRegistry (IRequiredActor&lt;T&gt;).</summary>
public static class ActorKeys
{
    public sealed class Dispatcher;
    public sealed class Workers;
    public sealed class WorkerRegistry;
    public sealed class WorkerDirectory;
    public sealed class Settings;
    public sealed class Tokens;
}
