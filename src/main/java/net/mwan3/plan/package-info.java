/** Pure: from config, interface states and the main table's routes to the desired kernel state. */
package net.mwan3.plan;
