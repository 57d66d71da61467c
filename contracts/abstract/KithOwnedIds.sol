// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithOwnedIds} from "../interfaces/IKithOwnedIds.sol";
import {KithSignatures} from "./KithSignatures.sol";

/// @title KithOwnedIds
/// @notice One owner address per id, moved in two steps (offer, accept), directly or by signature.
/// @dev The contract using it creates ids with `_setFirstOwner` and guards with `_requireOwner`.
abstract contract KithOwnedIds is IKithOwnedIds, KithSignatures {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 type hash of `TransferOwnership`, signed for `transferOwnershipFor`.
    bytes32 public constant TRANSFER_OWNERSHIP_TYPEHASH =
        keccak256("TransferOwnership(uint256 id,address to,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `AcceptOwnership`, signed for `acceptOwnershipFor`.
    bytes32 public constant ACCEPT_OWNERSHIP_TYPEHASH =
        keccak256("AcceptOwnership(uint256 id,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithOwnedIds
    mapping(uint256 id => address owner) public ownerOf;

    /// @inheritdoc IKithOwnedIds
    mapping(uint256 id => address pendingOwner) public pendingOwnerOf;

    /*//////////////////////////////////////////////////////////////
                            OWNERSHIP LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithOwnedIds
    function transferOwnership(uint256 id, address to) external {
        _offer(msg.sender, id, to);
    }

    /// @inheritdoc IKithOwnedIds
    function acceptOwnership(uint256 id) external {
        _accept(msg.sender, id);
    }

    /// @inheritdoc IKithOwnedIds
    function transferOwnershipFor(uint256 id, address to, SignedAuth calldata auth) external {
        _offer(_verify(keccak256(abi.encode(TRANSFER_OWNERSHIP_TYPEHASH, id, to, auth.nonce, auth.deadline)), auth), id, to);
    }

    /// @inheritdoc IKithOwnedIds
    function acceptOwnershipFor(uint256 id, SignedAuth calldata auth) external {
        _accept(_verify(keccak256(abi.encode(ACCEPT_OWNERSHIP_TYPEHASH, id, auth.nonce, auth.deadline)), auth), id);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _requireOwner(uint256 id, address actor) internal view {
        if (ownerOf[id] != actor) revert NotOwner(id, actor);
    }

    /// @dev Records the owner of a new id.
    function _setFirstOwner(uint256 id, address owner) internal {
        if (owner == address(0)) revert InvalidOwner(owner);
        ownerOf[id] = owner;
        emit OwnershipTransferred(id, address(0), owner);
    }

    function _offer(address actor, uint256 id, address to) private {
        // An unknown id has owner 0, which no caller or verified signer can be.
        _requireOwner(id, actor);
        pendingOwnerOf[id] = to;
        emit OwnershipTransferStarted(id, actor, to);
    }

    function _accept(address actor, uint256 id) private {
        if (pendingOwnerOf[id] != actor || actor == address(0)) revert NotPendingOwner(id, actor);
        address from = ownerOf[id];
        delete pendingOwnerOf[id];
        ownerOf[id] = actor;
        emit OwnershipTransferred(id, from, actor);
        _afterOwnershipTransferred(id);
    }

    /// @dev Runs after an accepted transfer (not at creation): what the previous owner set up
    ///      that must not outlive its ownership goes here.
    function _afterOwnershipTransferred(uint256 id) internal virtual {}
}
