using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest.Configuration;

/// <summary>
/// The one way settings are read and checked: bound from their section, then <see cref="IValidatedOptions.Validate"/>.
/// A bad setting always ends as an <see cref="OptionsValidationException"/> whose failures name the keys, whether it
/// was read through dependency injection (checked at start) or read at once.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> of <paramref name="configuration"/> (by default the
    /// host's own) and checks it when the host starts.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, IConfiguration? configuration = null)
        where T : class, IValidatedOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, Validator<T>>());
        var options = services.AddOptions<T>();
        options = configuration is null ? options.BindConfiguration(section) : options.Bind(configuration.GetSection(section));
        return options.ValidateOnStart();
    }

    /// <summary>Binds and checks <typeparamref name="T"/> now, for settings that decide what gets registered.</summary>
    public static T ReadValidated<T>(this IConfiguration configuration, string section)
        where T : class, IValidatedOptions, new()
    {
        var options = new T();
        var problems = new List<string>();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key ("Failed to convert configuration value at 'Sync:Interval' to type 'System.TimeSpan'").
            problems.Add(e.Message);
        }
        problems.AddRange(options.Validate());
        ThrowIfAny<T>(problems);
        return options;
    }

    /// <summary>Checks settings built in code (tests, the sandbox host) the same way.</summary>
    public static T EnsureValid<T>(this T options) where T : class, IValidatedOptions
    {
        ThrowIfAny<T>(options.Validate().ToList());
        return options;
    }

    private static void ThrowIfAny<T>(List<string> problems)
    {
        if (problems.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(T), problems);
    }

    private sealed class Validator<T> : IValidateOptions<T> where T : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
