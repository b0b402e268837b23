using HarvestOData.Mirror.Sync;

namespace HarvestOData.Server.Status;

/// <summary>
/// Decorates the registered <see cref="IWorkProgress"/> (none by default; <c>AddMirrorJobs</c> registers a silent one) so the
/// jobs' progress also reaches the status page and the pass log. Register after <c>AddMirrorJobs</c>.
/// </summary>
internal static class ProgressTaps
{
    /// <summary>Puts <paramref name="tap"/> in front of whatever reports the jobs' progress.</summary>
    public static void Add(IServiceCollection services, Func<IServiceProvider, IWorkProgress, IWorkProgress> tap)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IWorkProgress));
        if (inner?.ImplementationFactory?.Target is ProgressTap)
            return;   // already tapped
        Func<IServiceProvider, IWorkProgress> create = inner switch
        {
            null => _ => NoProgress.Instance,
            { ImplementationInstance: IWorkProgress instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (IWorkProgress)factory(sp),
            { ImplementationType: { } type } => sp => (IWorkProgress)ActivatorUtilities.CreateInstance(sp, type),
            _ => _ => NoProgress.Instance,
        };
        if (inner is not null)
            services.Remove(inner);
        services.AddSingleton<IWorkProgress>(new ProgressTap(create, tap).Create);
    }

    private sealed class ProgressTap(Func<IServiceProvider, IWorkProgress> inner, Func<IServiceProvider, IWorkProgress, IWorkProgress> tap)
    {
        public IWorkProgress Create(IServiceProvider services) => tap(services, inner(services));
    }
}
