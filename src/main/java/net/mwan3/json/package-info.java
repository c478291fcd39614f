/** Pure: JSON values and their text, over jackson-core's streaming parser and generator. */
package net.mwan3.json;
