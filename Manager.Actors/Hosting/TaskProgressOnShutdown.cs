using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Actors.Hosting;

public static class TaskProgressOnShutdown
{
    /// <summary>How long a graceful stop waits for the dispatcher to write its unwritten progress.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A graceful stop writes the progress reports the dispatcher answered but has not written yet
    /// (<see cref="UnwrittenProgress"/>), before the cluster hands the singleton over and before the actors stop, so a
    /// restart reads the same progress. Only a crash loses up to <see cref="TaskDispatcher.ProgressWriteInterval"/> of it.
    /// </summary>
    public static AkkaConfigurationBuilder WithTaskProgressWrittenOnShutdown(this AkkaConfigurationBuilder builder) =>
        builder.AddStartup((system, registry) =>
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "write-task-progress", async () =>
            {
                try
                {
                    await registry.Get<ActorKeys.Dispatcher>().Ask(WriteUnwrittenProgress.Instance, WriteTimeout);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    system.Log.Warning("the dispatcher did not write its last progress reports within {0}; they are lost", WriteTimeout);
                }
                return Akka.Done.Instance;
            }));
}
