// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith moderation
/// @notice Shared moderation that separates speech from reach: nothing here removes a post or a
///         profile. Labelers (any address: an EOA, a Safe, a Governor's timelock) put short labels
///         on posts and profiles; owners keep moderation lists of profiles; each profile subscribes
///         to the labelers and lists it trusts and says what each label does for it. Indexers apply
///         a viewer's subscriptions to what they show that viewer.
/// @dev Events only, except list ownership: a label, a list member or a subscription needs no check
///      on chain beyond who may emit it, so nothing else is stored. Subjects: a post id (at least
///      2**160: its author sits in the top 96 bits) or a profile id (below 2**160).
///      Profile actions (subscriptions) need the profile's custody or an app key with the BLOCK scope.
interface IKithModeration {
    /// @notice What a label value does for a profile subscribed to its labeler. `Warn` (the default
    ///         for values without a policy): the post is shown with the label, for the client to blur
    ///         or warn. `Hide`: left out. `Ignore`: the label does not apply.
    enum LabelAction {
        Warn,
        Hide,
        Ignore
    }

    /// @notice How a subscribed list applies. `Mute`: the members' posts, replies and notifications
    ///         are left out. `Block`: as if the subscriber blocked each member, so anything pointing at
    ///         a member's posts (reposts, quotes) is left out too.
    enum ListMode {
        Mute,
        Block
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice A label value must be 1 to `MAX_LABEL_LENGTH` bytes of `a-z`, `0-9` and `-`;
    ///         `index` is the first bad byte (or the length when the length is wrong).
    error InvalidLabel(string value, uint256 index);
    /// @notice A label's expiry must be 0 (never) or in the future.
    error InvalidExpiry(uint256 expiry);
    /// @notice Label subjects are post or profile ids, never 0.
    error InvalidSubject(uint256 subject);
    /// @notice A list name must be 1 to `MAX_NAME_LENGTH` bytes.
    error InvalidName(uint256 length);
    /// @notice There is no list `listId`.
    error UnknownList(uint256 listId);
    /// @notice A batch holds 1 to `MAX_BATCH` items (and, for policies, one action per value).
    error InvalidBatch(uint256 length);
    /// @notice Profile ids are not 0.
    error InvalidProfile(uint256 profileId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice `labeler` put `value` on `subject` (a post or a profile) until `expiry` (Unix seconds;
    ///         0: no expiry).
    /// @dev The indexer may rely on: the latest `Labeled` or `LabelNegated` of one (labeler, subject,
    ///      value) is the one in force; `value` is well formed. `subject` is not checked to exist.
    event Labeled(address indexed labeler, uint256 indexed subject, string value, uint256 expiry);

    /// @notice `labeler` took `value` off `subject`: the label no longer applies, until labelled again.
    event LabelNegated(address indexed labeler, uint256 indexed subject, string value);

    /// @notice List `listId` was created with `name`, owned by `owner` (see `OwnershipTransferred`).
    /// @dev List ids count up from 1.
    event ListCreated(uint256 indexed listId, address indexed owner, string name);

    /// @notice The list's owner added `profileId` to list `listId`.
    /// @dev May repeat without a removal in between (nothing is stored): a member is in the list
    ///      from its latest `ListMemberAdded` until a later `ListMemberRemoved`.
    event ListMemberAdded(uint256 indexed listId, uint256 indexed profileId);

    /// @notice The list's owner removed `profileId` from list `listId` (also emitted for non-members).
    event ListMemberRemoved(uint256 indexed listId, uint256 indexed profileId);

    /// @notice `profileId` subscribed to `labeler`: its labels apply to what the profile is shown.
    /// @dev May repeat; in force until a later `LabelerUnsubscribed`. Policies set before stay.
    event LabelerSubscribed(uint256 indexed profileId, address indexed labeler);

    /// @notice For `profileId`, `labeler`'s label `value` does `action` from now on.
    event LabelPolicySet(uint256 indexed profileId, address indexed labeler, string value, LabelAction action);

    /// @notice `profileId` unsubscribed from `labeler` (its policies for it are forgotten).
    event LabelerUnsubscribed(uint256 indexed profileId, address indexed labeler);

    /// @notice `profileId` subscribed to list `listId` as `mode` (replacing an earlier mode).
    /// @dev The list existed when this was emitted.
    event ListSubscribed(uint256 indexed profileId, uint256 indexed listId, ListMode mode);

    /// @notice `profileId` unsubscribed from list `listId`.
    event ListUnsubscribed(uint256 indexed profileId, uint256 indexed listId);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Longest label value, in bytes.
    function MAX_LABEL_LENGTH() external view returns (uint256);

    /// @notice Longest list name, in bytes.
    function MAX_NAME_LENGTH() external view returns (uint256);

    /// @notice Most items in one batch (list members, label policies).
    function MAX_BATCH() external view returns (uint256);

    /// @notice Number of lists created; list ids run from 1 to it.
    function listCount() external view returns (uint256);

    /*//////////////////////////////////////////////////////////////
                                LABELS
    //////////////////////////////////////////////////////////////*/

    /// @notice Labels `subject` (a post or a profile id) with `value`, as `msg.sender`, until
    ///         `expiry` (0: no expiry).
    function label(uint256 subject, string calldata value, uint256 expiry) external;

    /// @notice Takes `msg.sender`'s label `value` off `subject`.
    function negateLabel(uint256 subject, string calldata value) external;

    /// @notice `label` signed by the labeler.
    function labelFor(uint256 subject, string calldata value, uint256 expiry, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `negateLabel` signed by the labeler.
    function negateLabelFor(uint256 subject, string calldata value, IKithSignatures.SignedAuth calldata auth) external;

    /*//////////////////////////////////////////////////////////////
                                 LISTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates a moderation list called `name`, owned by `owner` (any address, e.g. a
    ///         timelock). Returns its id.
    function createList(string calldata name, address owner) external returns (uint256 listId);

    /// @notice Adds `profileIds` (1 to `MAX_BATCH`) to list `listId`. Owner only.
    function addListMembers(uint256 listId, uint256[] calldata profileIds) external;

    /// @notice Removes `profileIds` (1 to `MAX_BATCH`) from list `listId`. Owner only.
    function removeListMembers(uint256 listId, uint256[] calldata profileIds) external;

    /// @notice `createList` signed by its creator.
    function createListFor(string calldata name, address owner, IKithSignatures.SignedAuth calldata auth)
        external
        returns (uint256 listId);

    /// @notice `addListMembers` signed by the list's owner.
    function addListMembersFor(uint256 listId, uint256[] calldata profileIds, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `removeListMembers` signed by the list's owner.
    function removeListMembersFor(
        uint256 listId,
        uint256[] calldata profileIds,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /*//////////////////////////////////////////////////////////////
                             SUBSCRIPTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Subscribes `profileId` to `labeler` and sets what each of `values` does for it
    ///         (`actions[i]` for `values[i]`; 0 to `MAX_BATCH` of them). Calling again adds or
    ///         changes policies.
    function subscribeToLabeler(
        uint256 profileId,
        address labeler,
        string[] calldata values,
        LabelAction[] calldata actions
    ) external;

    /// @notice Unsubscribes `profileId` from `labeler`.
    function unsubscribeFromLabeler(uint256 profileId, address labeler) external;

    /// @notice Subscribes `profileId` to list `listId` as a mute or a block list.
    function subscribeToList(uint256 profileId, uint256 listId, ListMode mode) external;

    /// @notice Unsubscribes `profileId` from list `listId`.
    function unsubscribeFromList(uint256 profileId, uint256 listId) external;

    /// @notice `subscribeToLabeler` signed by the custody or an app key with the BLOCK scope.
    function subscribeToLabelerFor(
        uint256 profileId,
        address labeler,
        string[] calldata values,
        LabelAction[] calldata actions,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `unsubscribeFromLabeler` signed by the custody or an app key with the BLOCK scope.
    function unsubscribeFromLabelerFor(uint256 profileId, address labeler, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `subscribeToList` signed by the custody or an app key with the BLOCK scope.
    function subscribeToListFor(
        uint256 profileId,
        uint256 listId,
        ListMode mode,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `unsubscribeFromList` signed by the custody or an app key with the BLOCK scope.
    function unsubscribeFromListFor(uint256 profileId, uint256 listId, IKithSignatures.SignedAuth calldata auth)
        external;
}
