using HarvestOData.Bench.Reference;
using Microsoft.AspNetCore.OData;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;

// The reference peer of bench/odata: `dotnet HarvestOData.Bench.Reference.dll --Mirror=<mirror.db> --urls=http://127.0.0.1:PORT`.
// Serves /odata/TimeEntries with AspNetCoreOData 9.5's [EnableQuery] over EF Core Sqlite, SkipToken() paging (its
// fastest: keyset on the key instead of $skip), no authentication.
var builder = WebApplication.CreateBuilder(args);
string mirror = builder.Configuration["Mirror"] ?? throw new ArgumentException("Pass the mirror file's path as --Mirror=<file>.");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDbContext<MirrorContext>(options => options
    .UseSqlite($"Data Source={mirror};Mode=ReadOnly")
    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));

var model = new ODataConventionModelBuilder();
model.EntitySet<TimeEntry>("TimeEntries");
builder.Services.AddControllers().AddOData(options => options
    .Select().Filter().OrderBy().Count().Expand().SetMaxTop(null).SkipToken()
    .AddRouteComponents("odata", model.GetEdmModel()));

var app = builder.Build();
app.MapControllers();
app.Run();
