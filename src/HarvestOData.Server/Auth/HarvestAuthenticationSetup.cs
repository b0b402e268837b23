using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In ASP.NET Core's own namespace, as AddX extensions customarily are, so Program.cs wires it with one line.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers the <see cref="HarvestAuthentication.Scheme"/> scheme, its default policy and the administrator policy.</summary>
public static class HarvestAuthenticationSetup
{
    /// <summary>
    /// The scheme is the default: <c>UseAuthentication</c> sets <c>HttpContext.User</c> on every request that carries a
    /// token (once per request, the directory's cache keeps it to one <c>users/me</c> per token), and a failure there
    /// refuses nothing by itself: endpoints say what they require (<c>RequireAuthorization</c>, the administrator
    /// policy) and the challenge writes the refusal. Idempotent, so the read endpoint's wiring may call it too.
    /// </summary>
    public static IServiceCollection AddHarvestAuthentication(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(HarvestAuthenticationHandler)))
            return services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallerDirectory>();
        services.TryAddSingleton<FailedAuthentications>();
        services.AddAuthentication(HarvestAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, HarvestAuthenticationHandler>(HarvestAuthentication.Scheme, configureOptions: null);
        services.AddAuthorization(options =>
        {
            options.DefaultPolicy = new AuthorizationPolicyBuilder(HarvestAuthentication.Scheme).RequireAuthenticatedUser().Build();
            options.AddPolicy(HarvestAuthentication.AdministratorPolicy, policy => policy
                .AddAuthenticationSchemes(HarvestAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(UserPermissions.Administrator));
        });
        return services;
    }
}
