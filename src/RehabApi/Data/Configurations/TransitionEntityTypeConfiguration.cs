using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Transitions;

namespace RehabApi.Data.Configurations;

internal sealed class TransitionEntityTypeConfiguration : IEntityTypeConfiguration<Transition>
{
    public void Configure(EntityTypeBuilder<Transition> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Property(t => t.Action).HasMaxLength(16);
        builder.Property(t => t.FromPhase).HasMaxLength(64);
        builder.Property(t => t.ToPhase).HasMaxLength(64);
        builder.Property(t => t.FromStatus).HasMaxLength(32);
        builder.Property(t => t.ToStatus).HasMaxLength(32);
        builder.Property(t => t.Reason).HasMaxLength(Transition.ReasonMaxLength);
    }
}
