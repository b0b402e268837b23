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
    /// Idempotent: the read endpoint and the status page each call it, so a host that wires only one of them still
    /// authenticates. No default authenticate scheme on purpose: <c>UseAuthentication</c> then asks Harvest about
    /// nobody, and only endpoints that require authorization (their policies name the scheme) cost a token check, so a
    /// token sent to <c>/healthz</c> or the connector download is never looked up.
    /// </summary>
    public static IServiceCollection AddHarvestAuthentication(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(HarvestAuthenticationHandler)))
            return services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallerDirectory>();
        services.TryAddSingleton<FailedAuthentications>();
        services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = HarvestAuthentication.Scheme;
                options.DefaultForbidScheme = HarvestAuthentication.Scheme;
            })
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
