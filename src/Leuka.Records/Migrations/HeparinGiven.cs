using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leuka.Records.Migrations;

/// <summary>
/// A procedure records the heparin given (IU), when heparin was added to the anticoagulant or
/// given as a bolus. Written by hand like <see cref="Initial"/>: a nullable column, so every row
/// written before keeps its meaning (no heparin recorded), and no row is rewritten.
/// </summary>
[DbContext(typeof(RecordsContext))]
[Migration("20261201000001_HeparinGiven")]
public sealed class HeparinGiven : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<double>("HeparinGivenIu", "procedures", nullable: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn("HeparinGivenIu", "procedures");
    }
}
