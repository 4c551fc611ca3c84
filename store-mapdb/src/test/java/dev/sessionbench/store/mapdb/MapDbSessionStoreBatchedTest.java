package dev.sessionbench.store.mapdb;

/** The contract suite on a MapDB file in the batched mode, which commits at a fixed interval. */
class MapDbSessionStoreBatchedTest extends MapDbSessionStoreTest {

    @Override
    MapDbSessionStore.Durability durability() {
        return MapDbSessionStore.Durability.BATCHED;
    }
}
