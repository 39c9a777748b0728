using CardBridge.Service.Configuration;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

namespace CardBridge.Service.Logging;

/// <summary>
/// The diagnostic log: Serilog to the console and to rolling JSON files, with request logging. Every sink sits
/// behind <see cref="RedactingSink"/>; sinks come only from <see cref="LogOptions"/>, so configuration cannot add
/// one that bypasses the redaction policy.
/// </summary>
internal static class LogSetup
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        var failures = LogOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, failures));
        }
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Is(options.MinimumLevel);
            foreach (var (category, level) in options.Levels)
            {
                logger.MinimumLevel.Override(category, level);
            }
            logger.Enrich.FromLogContext();
            logger.WriteTo.Redacted(sinks =>
            {
                if (options.Console)
                {
                    if (options.ConsoleJson)
                    {
                        sinks.Console(new CompactJsonFormatter());
                    }
                    else
                    {
                        sinks.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                if (!string.IsNullOrWhiteSpace(options.FilePath))
                {
                    sinks.File(new CompactJsonFormatter(), options.FilePath, rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: options.RetainedFiles);
                }
            });
        });
    }

    /// <summary>Sinks configured in <paramref name="configure"/> receive only events redacted by <see cref="LogRedactionPolicy"/>.</summary>
    public static LoggerConfiguration Redacted(this LoggerSinkConfiguration sinks, Action<LoggerSinkConfiguration> configure) =>
        sinks.Sink(LoggerSinkConfiguration.Wrap(inner => new RedactingSink(inner), configure));

    public static void UseRequestLogging(WebApplication app) => app.UseSerilogRequestLogging();
}
