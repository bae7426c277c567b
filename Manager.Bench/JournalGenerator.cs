using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Bench;

/// <summary>
/// Writes a large journal quickly "through the same pipeline": the manager's own actors, rules, serializer,
/// hocon (hocon/manager.hocon) and Akka.Persistence.Sql SQLite journal, hosted in this process the way
/// Manager.Http hosts them (WithManagerPersistence + WithManagerActors), minus HTTP. Each task's life cycle is
/// SubmitTask → ClaimTask → N × UpdateTaskFromWorker(frame_current) → UpdateTaskFromWorker(completed), i.e.
/// 3 + N journal events, sent by many concurrent simulated workers.
/// </summary>
public static class JournalGenerator
{
    public static async Task<(long Events, long Tasks, double Seconds)> GenerateAsync(
        string databasePath, long events, int progressPerTask, int concurrency, int snapshotEvery, TextWriter output)
    {
        var hocon = Path.Combine(ManagerBuild.RepoRoot(), "hocon", "manager.hocon");
        var options = new ManagerActorOptions
        {
            Provider = PersistenceProvider.Sqlite,
            ConnectionString = $"Data Source={databasePath}",
            SnapshotEvery = snapshotEvery,
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<CurrentSettings>();
        builder.Services.AddSingleton<KnownTokens>(); // the token store publishes into it, as in Manager.Http
        builder.Services.AddAkka("manager", akka =>
        {
            akka.AddHocon(ConfigurationFactory.ParseString(File.ReadAllText(hocon)), HoconAddMode.Prepend);
            akka.AddHocon(ConfigurationFactory.ParseString("akka.loglevel = WARNING"), HoconAddMode.Prepend);
            akka.WithManagerPersistence(options).WithManagerActors(options);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var dispatcher = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.Dispatcher>();
        var timeout = TimeSpan.FromSeconds(60);

        async Task<TValue> Ask<TValue>(IAsk<TValue> message) =>
            (await dispatcher.Ask(message, timeout)).IsDone(out var value)
                ? value
                : throw new InvalidOperationException($"the dispatcher refused {message}");

        var perTask = 3 + progressPerTask;
        var tasks = (events + perTask - 1) / perTask;
        long started = 0, finished = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = 0L;
        await Task.WhenAll(Enumerable.Range(1, concurrency).Select(worker => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref started) <= tasks)
            {
                await Ask(new SubmitTask(null, "exec_command", null, """{"argv":["true"]}""", null, []));
                var held = await Ask(new ClaimTask(new WorkerCapabilities(worker, $"gen-{worker}", [], [], Enabled: true)));
                if (held.TaskId is not { } taskId) throw new InvalidOperationException("nothing to claim");
                for (var f = 1; f <= progressPerTask; f++)
                    await Ask(new UpdateTaskFromWorker(taskId, worker, null, TaskStatus.Rendering, f, null, null, null));
                await Ask(new UpdateTaskFromWorker(taskId, worker, null, TaskStatus.Completed, null, null, null, 0.0));
                var done = Interlocked.Increment(ref finished);
                if (done % 20_000 == 0 && Interlocked.Exchange(ref lastReport, done) != done)
                    output.WriteLine($"  journal generator: {done * perTask:N0} events ({done:N0} tasks) after {Fmt.F(clock.Elapsed.TotalSeconds)} s");
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await host.StopAsync();
        return (tasks * perTask, tasks, seconds);
    }
}
