// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithExtension} from "./abstract/KithExtension.sol";
import {KithOwnedIds} from "./abstract/KithOwnedIds.sol";
import {KithSignatures} from "./abstract/KithSignatures.sol";
import {IKithModeration} from "./interfaces/IKithModeration.sol";
import {Scopes} from "./libraries/Scopes.sol";

/// @title KithModeration
/// @notice Labels, moderation lists and each profile's subscriptions to them: shared moderation
///         that indexers apply per viewer. Nothing is removed from Kith.
/// @dev Stores only list owners (and offers) and nonces; everything else is an event.
contract KithModeration is IKithModeration, KithExtension, KithOwnedIds {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithModeration
    uint256 public constant MAX_LABEL_LENGTH = 64;
    /// @inheritdoc IKithModeration
    uint256 public constant MAX_NAME_LENGTH = 64;
    /// @inheritdoc IKithModeration
    uint256 public constant MAX_BATCH = 100;

    /// @notice EIP-712 type hash of `Label`, signed for `labelFor`.
    bytes32 public constant LABEL_TYPEHASH =
        keccak256("Label(uint256 subject,string value,uint256 expiry,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `NegateLabel`, signed for `negateLabelFor`.
    bytes32 public constant NEGATE_LABEL_TYPEHASH =
        keccak256("NegateLabel(uint256 subject,string value,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `CreateList`, signed for `createListFor`.
    bytes32 public constant CREATE_LIST_TYPEHASH =
        keccak256("CreateList(string name,address owner,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `AddListMembers`, signed for `addListMembersFor`.
    bytes32 public constant ADD_LIST_MEMBERS_TYPEHASH =
        keccak256("AddListMembers(uint256 listId,uint256[] profileIds,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `RemoveListMembers`, signed for `removeListMembersFor`.
    bytes32 public constant REMOVE_LIST_MEMBERS_TYPEHASH =
        keccak256("RemoveListMembers(uint256 listId,uint256[] profileIds,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `SubscribeToLabeler`, signed for `subscribeToLabelerFor`.
    bytes32 public constant SUBSCRIBE_TO_LABELER_TYPEHASH = keccak256(
        "SubscribeToLabeler(uint256 profileId,address labeler,string[] values,uint8[] actions,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `UnsubscribeFromLabeler`, signed for `unsubscribeFromLabelerFor`.
    bytes32 public constant UNSUBSCRIBE_FROM_LABELER_TYPEHASH =
        keccak256("UnsubscribeFromLabeler(uint256 profileId,address labeler,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `SubscribeToList`, signed for `subscribeToListFor`.
    bytes32 public constant SUBSCRIBE_TO_LIST_TYPEHASH =
        keccak256("SubscribeToList(uint256 profileId,uint256 listId,uint8 mode,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `UnsubscribeFromList`, signed for `unsubscribeFromListFor`.
    bytes32 public constant UNSUBSCRIBE_FROM_LIST_TYPEHASH =
        keccak256("UnsubscribeFromList(uint256 profileId,uint256 listId,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithModeration
    uint256 public listCount;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 domain: name "Kith Moderation", version "1", this chain and this contract.
    /// @param _kith The Kith contract whose profiles subscribe.
    constructor(address _kith) KithExtension(_kith) KithSignatures("Kith Moderation", "1") {}

    /*//////////////////////////////////////////////////////////////
                                  LABELS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithModeration
    function label(uint256 subject, string calldata value, uint256 expiry) external {
        _label(msg.sender, subject, value, expiry);
    }

    /// @inheritdoc IKithModeration
    function negateLabel(uint256 subject, string calldata value) external {
        _negateLabel(msg.sender, subject, value);
    }

    /// @inheritdoc IKithModeration
    function labelFor(uint256 subject, string calldata value, uint256 expiry, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(LABEL_TYPEHASH, subject, keccak256(bytes(value)), expiry, auth.nonce, auth.deadline)
        );
        _label(_verify(structHash, auth), subject, value, expiry);
    }

    /// @inheritdoc IKithModeration
    function negateLabelFor(uint256 subject, string calldata value, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(NEGATE_LABEL_TYPEHASH, subject, keccak256(bytes(value)), auth.nonce, auth.deadline)
        );
        _negateLabel(_verify(structHash, auth), subject, value);
    }

    /*//////////////////////////////////////////////////////////////
                                  LISTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithModeration
    function createList(string calldata name, address owner) external returns (uint256) {
        return _createList(name, owner);
    }

    /// @inheritdoc IKithModeration
    function addListMembers(uint256 listId, uint256[] calldata profileIds) external {
        _addListMembers(msg.sender, listId, profileIds);
    }

    /// @inheritdoc IKithModeration
    function removeListMembers(uint256 listId, uint256[] calldata profileIds) external {
        _removeListMembers(msg.sender, listId, profileIds);
    }

    /// @inheritdoc IKithModeration
    function createListFor(string calldata name, address owner, SignedAuth calldata auth) external returns (uint256) {
        _verify(
            keccak256(abi.encode(CREATE_LIST_TYPEHASH, keccak256(bytes(name)), owner, auth.nonce, auth.deadline)), auth
        );
        return _createList(name, owner);
    }

    /// @inheritdoc IKithModeration
    function addListMembersFor(uint256 listId, uint256[] calldata profileIds, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(
                ADD_LIST_MEMBERS_TYPEHASH, listId, keccak256(abi.encodePacked(profileIds)), auth.nonce, auth.deadline
            )
        );
        _addListMembers(_verify(structHash, auth), listId, profileIds);
    }

    /// @inheritdoc IKithModeration
    function removeListMembersFor(uint256 listId, uint256[] calldata profileIds, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(
            abi.encode(
                REMOVE_LIST_MEMBERS_TYPEHASH, listId, keccak256(abi.encodePacked(profileIds)), auth.nonce, auth.deadline
            )
        );
        _removeListMembers(_verify(structHash, auth), listId, profileIds);
    }

    /*//////////////////////////////////////////////////////////////
                              SUBSCRIPTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithModeration
    function subscribeToLabeler(
        uint256 profileId,
        address labeler,
        string[] calldata values,
        LabelAction[] calldata actions
    ) external {
        _authorize(profileId, msg.sender, Scopes.BLOCK);
        _subscribeToLabeler(profileId, labeler, values, actions);
    }

    /// @inheritdoc IKithModeration
    function unsubscribeFromLabeler(uint256 profileId, address labeler) external {
        _authorize(profileId, msg.sender, Scopes.BLOCK);
        emit LabelerUnsubscribed(profileId, labeler);
    }

    /// @inheritdoc IKithModeration
    function subscribeToList(uint256 profileId, uint256 listId, ListMode mode) external {
        _authorize(profileId, msg.sender, Scopes.BLOCK);
        _subscribeToList(profileId, listId, mode);
    }

    /// @inheritdoc IKithModeration
    function unsubscribeFromList(uint256 profileId, uint256 listId) external {
        _authorize(profileId, msg.sender, Scopes.BLOCK);
        emit ListUnsubscribed(profileId, listId);
    }

    /// @inheritdoc IKithModeration
    function subscribeToLabelerFor(
        uint256 profileId,
        address labeler,
        string[] calldata values,
        LabelAction[] calldata actions,
        SignedAuth calldata auth
    ) external {
        bytes32 structHash = keccak256(
            abi.encode(
                SUBSCRIBE_TO_LABELER_TYPEHASH,
                profileId,
                labeler,
                _hashStrings(values),
                keccak256(abi.encodePacked(actions)),
                auth.nonce,
                auth.deadline
            )
        );
        _authorize(profileId, _verify(structHash, auth), Scopes.BLOCK);
        _subscribeToLabeler(profileId, labeler, values, actions);
    }

    /// @inheritdoc IKithModeration
    function unsubscribeFromLabelerFor(uint256 profileId, address labeler, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(UNSUBSCRIBE_FROM_LABELER_TYPEHASH, profileId, labeler, auth.nonce, auth.deadline));
        _authorize(profileId, _verify(structHash, auth), Scopes.BLOCK);
        emit LabelerUnsubscribed(profileId, labeler);
    }

    /// @inheritdoc IKithModeration
    function subscribeToListFor(uint256 profileId, uint256 listId, ListMode mode, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(SUBSCRIBE_TO_LIST_TYPEHASH, profileId, listId, mode, auth.nonce, auth.deadline));
        _authorize(profileId, _verify(structHash, auth), Scopes.BLOCK);
        _subscribeToList(profileId, listId, mode);
    }

    /// @inheritdoc IKithModeration
    function unsubscribeFromListFor(uint256 profileId, uint256 listId, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(UNSUBSCRIBE_FROM_LIST_TYPEHASH, profileId, listId, auth.nonce, auth.deadline));
        _authorize(profileId, _verify(structHash, auth), Scopes.BLOCK);
        emit ListUnsubscribed(profileId, listId);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _label(address labeler, uint256 subject, string calldata value, uint256 expiry) private {
        if (subject == 0) revert InvalidSubject(subject);
        _requireLabelValue(value);
        if (expiry != 0 && expiry <= block.timestamp) revert InvalidExpiry(expiry);
        emit Labeled(labeler, subject, value, expiry);
    }

    function _negateLabel(address labeler, uint256 subject, string calldata value) private {
        if (subject == 0) revert InvalidSubject(subject);
        _requireLabelValue(value);
        emit LabelNegated(labeler, subject, value);
    }

    function _createList(string calldata name, address owner) private returns (uint256 listId) {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_LENGTH) revert InvalidName(length);
        // Ids grow by one per list; 2**256 lists cannot happen.
        unchecked {
            listId = ++listCount;
        }
        emit ListCreated(listId, owner, name);
        _setFirstOwner(listId, owner);
    }

    function _addListMembers(address actor, uint256 listId, uint256[] calldata profileIds) private {
        _requireListOwner(actor, listId, profileIds.length);
        for (uint256 i; i < profileIds.length; ++i) {
            if (profileIds[i] == 0) revert InvalidProfile(0);
            emit ListMemberAdded(listId, profileIds[i]);
        }
    }

    function _removeListMembers(address actor, uint256 listId, uint256[] calldata profileIds) private {
        _requireListOwner(actor, listId, profileIds.length);
        for (uint256 i; i < profileIds.length; ++i) {
            emit ListMemberRemoved(listId, profileIds[i]);
        }
    }

    function _requireListOwner(address actor, uint256 listId, uint256 batch) private view {
        if (batch == 0 || batch > MAX_BATCH) revert InvalidBatch(batch);
        // Unknown lists have owner 0, which no caller or verified signer can be.
        _requireOwner(listId, actor);
    }

    function _subscribeToLabeler(
        uint256 profileId,
        address labeler,
        string[] calldata values,
        LabelAction[] calldata actions
    ) private {
        if (values.length > MAX_BATCH || values.length != actions.length) revert InvalidBatch(values.length);
        emit LabelerSubscribed(profileId, labeler);
        for (uint256 i; i < values.length; ++i) {
            _requireLabelValue(values[i]);
            emit LabelPolicySet(profileId, labeler, values[i], actions[i]);
        }
    }

    function _subscribeToList(uint256 profileId, uint256 listId, ListMode mode) private {
        if (ownerOf[listId] == address(0)) revert UnknownList(listId);
        emit ListSubscribed(profileId, listId, mode);
    }

    /// @dev 1 to MAX_LABEL_LENGTH bytes of a-z, 0-9 and '-', so values compare byte for byte.
    function _requireLabelValue(string calldata value) private pure {
        bytes calldata raw = bytes(value);
        if (raw.length == 0 || raw.length > MAX_LABEL_LENGTH) revert InvalidLabel(value, raw.length);
        for (uint256 i; i < raw.length; ++i) {
            bytes1 c = raw[i];
            if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-")) revert InvalidLabel(value, i);
        }
    }

    /// @dev EIP-712 encoding of a `string[]`: keccak256 of the concatenated keccak256 of each string.
    function _hashStrings(string[] calldata values) private pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](values.length);
        for (uint256 i; i < values.length; ++i) {
            hashes[i] = keccak256(bytes(values[i]));
        }
        return keccak256(abi.encodePacked(hashes));
    }
}
