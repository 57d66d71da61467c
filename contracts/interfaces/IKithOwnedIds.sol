// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith owned ids
/// @notice Things with one owner address each (moderation lists, channels), moved in two steps:
///         the owner offers, the new owner accepts. The owner may be any address: an EOA, a Safe, or
///         a `TimelockController` run by a `Governor`, which makes the thing governed by votes.
interface IKithOwnedIds {
    /// @notice `caller` is not the owner of `id`.
    error NotOwner(uint256 id, address caller);
    /// @notice `caller` is not the address `id` was offered to.
    error NotPendingOwner(uint256 id, address caller);
    /// @notice An owner cannot be the zero address.
    error InvalidOwner(address owner);

    /// @notice The owner of `id` offered it to `to` (the zero address withdraws an offer). The offer
    ///         stands until accepted, withdrawn or replaced.
    event OwnershipTransferStarted(uint256 indexed id, address indexed from, address indexed to);

    /// @notice `to` owns `id` from this event on; `from` is the zero address when `id` was created.
    /// @dev The indexer may rely on: the first event of an id has `from` zero, and each later one
    ///      has `from` equal to the previous event's `to`.
    event OwnershipTransferred(uint256 indexed id, address indexed from, address indexed to);

    /// @notice The owner of `id`; the zero address when `id` does not exist.
    function ownerOf(uint256 id) external view returns (address);

    /// @notice The address `id` is offered to; the zero address when none.
    function pendingOwnerOf(uint256 id) external view returns (address);

    /// @notice Offers `id` to `to` (the zero address withdraws the offer). Owner only.
    function transferOwnership(uint256 id, address to) external;

    /// @notice Takes ownership of `id`. Only the address it is offered to.
    function acceptOwnership(uint256 id) external;

    /// @notice `transferOwnership` signed by the owner.
    function transferOwnershipFor(uint256 id, address to, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `acceptOwnership` signed by the address `id` is offered to.
    function acceptOwnershipFor(uint256 id, IKithSignatures.SignedAuth calldata auth) external;
}
