package io.vdobench.vdo;

/**
 * dm-vdo's {@code vdo_action_fn}: one step of a data_vio. Each room binds its steps once, as
 * fields, so that launching a step allocates nothing.
 */
@FunctionalInterface
interface VdoAction {
    void act(DataVio dataVio);
}
