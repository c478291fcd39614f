package net.mwan3.plan;

/** Prints a planned table (a developer's aid: {@code mvn exec} or run from the IDE). */
final class PlanDump {
    public static void main(String[] args) {
        DesiredState d = Planner.plan(PlanFixtures.input(PlanFixtures.config(PlanFixtures.THREE_WANS),
                PlanFixtures.allOnline()));
        System.out.print(NftText.table(d.table()));
        d.rules().forEach(System.out::println);
        d.routes().forEach(System.out::println);
    }
}
