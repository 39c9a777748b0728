using CardBridge.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Formatting.Compact;

namespace CardBridge.Service.Logging;

/// <summary>The diagnostic log: Serilog to the console and to rolling JSON files, with request logging.</summary>
internal static class LogSetup
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext();
            if (options.Console)
            {
                if (options.ConsoleJson)
                {
                    logger.WriteTo.Console(new CompactJsonFormatter());
                }
                else
                {
                    logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            if (!string.IsNullOrWhiteSpace(options.FilePath))
            {
                logger.WriteTo.File(new CompactJsonFormatter(), options.FilePath, rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: options.RetainedFiles);
            }
        });
    }

    public static void UseRequestLogging(WebApplication app) => app.UseSerilogRequestLogging();
}
