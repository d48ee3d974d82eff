package dev.skiff.remoting.protocol.controller;

/**
 * Request and response codes of the controller protocol (the official numbers).
 *
 * <table>
 * <caption>requests</caption>
 * <tr><th>code</th><th>name</th><th>who sends it</th></tr>
 * <tr><td>904</td><td>BROKER_HEARTBEAT</td><td>broker → controller leader, one-way</td></tr>
 * <tr><td>1001</td><td>CONTROLLER_ALTER_SYNC_STATE_SET</td><td>master → leader</td></tr>
 * <tr><td>1002</td><td>CONTROLLER_ELECT_MASTER</td><td>broker or admin → leader</td></tr>
 * <tr><td>1003</td><td>CONTROLLER_REGISTER_BROKER (legacy name, same number as below)</td><td></td></tr>
 * <tr><td>1004</td><td>CONTROLLER_GET_REPLICA_INFO</td><td>broker → leader</td></tr>
 * <tr><td>1005</td><td>CONTROLLER_GET_METADATA_INFO</td><td>anyone → any peer</td></tr>
 * <tr><td>1006</td><td>CONTROLLER_GET_SYNC_STATE_DATA</td><td>admin → leader</td></tr>
 * <tr><td>1008</td><td>NOTIFY_BROKER_ROLE_CHANGED</td><td>leader → broker, one-way</td></tr>
 * <tr><td>1011</td><td>CLEAN_BROKER_DATA</td><td>admin → leader</td></tr>
 * <tr><td>1012</td><td>CONTROLLER_GET_NEXT_BROKER_ID</td><td>broker → leader</td></tr>
 * <tr><td>1013</td><td>CONTROLLER_APPLY_BROKER_ID</td><td>broker → leader</td></tr>
 * </table>
 */
public final class ControllerCodes {
    private ControllerCodes() {}

    public static final int BROKER_HEARTBEAT = 904;
    public static final int CONTROLLER_ALTER_SYNC_STATE_SET = 1001;
    public static final int CONTROLLER_ELECT_MASTER = 1002;
    /** REGISTER_BROKER_TO_CONTROLLER in the official 5.x broker (the same number). */
    public static final int CONTROLLER_REGISTER_BROKER = 1003;

    public static final int CONTROLLER_GET_REPLICA_INFO = 1004;
    public static final int CONTROLLER_GET_METADATA_INFO = 1005;
    public static final int CONTROLLER_GET_SYNC_STATE_DATA = 1006;
    public static final int NOTIFY_BROKER_ROLE_CHANGED = 1008;
    public static final int CLEAN_BROKER_DATA = 1011;
    public static final int CONTROLLER_GET_NEXT_BROKER_ID = 1012;
    public static final int CONTROLLER_APPLY_BROKER_ID = 1013;

    // Response codes.
    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    public static final int SYSTEM_BUSY = 2;
    /** The request names a master epoch older than the current one: the sender was deposed. */
    public static final int CONTROLLER_FENCED_MASTER_EPOCH = 2000;
    /** The request names a sync-state-set epoch that is not the current one. */
    public static final int CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH = 2001;
    /** The sender is not the group's current master. */
    public static final int CONTROLLER_INVALID_MASTER = 2002;
    /** A proposed sync-state set names an unknown or dead replica, or leaves the master out. */
    public static final int CONTROLLER_INVALID_REPLICAS = 2003;

    public static final int CONTROLLER_MASTER_NOT_AVAILABLE = 2004;
    public static final int CONTROLLER_INVALID_REQUEST = 2005;
    public static final int CONTROLLER_BROKER_NOT_ALIVE = 2006;
    /** This peer is not the Raft leader; the remark names the leader's address when known. */
    public static final int CONTROLLER_NOT_LEADER = 2007;

    public static final int CONTROLLER_BROKER_METADATA_NOT_EXIST = 2008;
    public static final int CONTROLLER_INVALID_CLEAN_BROKER_METADATA = 2009;
    public static final int CONTROLLER_BROKER_NEED_TO_BE_REGISTERED = 2010;
    /** An election was asked for but the current master is alive: nothing changed. */
    public static final int CONTROLLER_MASTER_STILL_EXIST = 2011;

    public static final int CONTROLLER_ELECT_MASTER_FAILED = 2012;
    public static final int CONTROLLER_ALTER_SYNC_STATE_SET_FAILED = 2013;
    public static final int CONTROLLER_BROKER_ID_INVALID = 2014;
}
