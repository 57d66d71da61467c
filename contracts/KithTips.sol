// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {KithSignatures} from "./abstract/KithSignatures.sol";
import {IKithAppKeys} from "./interfaces/IKithAppKeys.sol";
import {IKithProfiles} from "./interfaces/IKithProfiles.sol";
import {IKithTips} from "./interfaces/IKithTips.sol";
import {Scopes} from "./libraries/Scopes.sol";

/// @title KithTips
/// @notice Tips to post authors in ETH and ERC-20, with pull-based withdrawals by the author's
///         custody. A separate contract from Kith: it is the only Kith contract that holds funds.
/// @dev Checks-effects-interactions everywhere, and every entry point that moves funds is
///      `nonReentrant`. Balances are credited with what actually arrived.
contract KithTips is IKithTips, KithSignatures, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 type hash of `TipToken`, signed for `tipTokenFor`.
    bytes32 public constant TIP_TOKEN_TYPEHASH = keccak256(
        "TipToken(uint256 postId,uint256 fromProfileId,address token,uint256 amount,uint256 nonce,uint256 deadline)"
    );

    /*//////////////////////////////////////////////////////////////
                               IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithTips
    address public immutable kith;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithTips
    mapping(uint256 profileId => mapping(address token => uint256 amount)) public balanceOf;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param _kith The Kith contract (profiles, posts, app keys).
    constructor(address _kith) KithSignatures("Kith Tips", "1") {
        kith = _kith;
    }

    /*//////////////////////////////////////////////////////////////
                               TIP LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithTips
    function tip(uint256 postId, uint256 fromProfileId) external payable nonReentrant {
        _credit(msg.sender, postId, fromProfileId, address(0), msg.value);
    }

    /// @inheritdoc IKithTips
    function tipToken(uint256 postId, uint256 fromProfileId, address token, uint256 amount) external nonReentrant {
        _tipToken(msg.sender, postId, fromProfileId, token, amount);
    }

    /// @inheritdoc IKithTips
    function tipTokenFor(
        uint256 postId,
        uint256 fromProfileId,
        address token,
        uint256 amount,
        SignedAuth calldata auth
    ) external nonReentrant {
        bytes32 structHash = keccak256(
            abi.encode(TIP_TOKEN_TYPEHASH, postId, fromProfileId, token, amount, auth.nonce, auth.deadline)
        );
        _tipToken(_verify(structHash, auth), postId, fromProfileId, token, amount);
    }

    /// @inheritdoc IKithTips
    function withdraw(uint256 profileId, address token, address to) external nonReentrant {
        if (IKithProfiles(kith).custodyOf(profileId) != msg.sender) revert NotAuthorized(profileId, msg.sender);
        // Sending to this contract would strand the funds: no profile's balance would hold them.
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        uint256 amount = balanceOf[profileId][token];
        if (amount == 0) revert NothingToWithdraw(profileId, token);
        // Effects before the interaction: the balance is gone before any code of `to` runs.
        balanceOf[profileId][token] = 0;
        emit Withdrawn(profileId, token, to, amount);
        if (token == address(0)) Address.sendValue(payable(to), amount);
        else IERC20(token).safeTransfer(to, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Pulls `amount` of `token` from `payer` and credits what arrived.
    function _tipToken(address payer, uint256 postId, uint256 fromProfileId, address token, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(payer, address(this), amount);
        _credit(payer, postId, fromProfileId, token, IERC20(token).balanceOf(address(this)) - before);
    }

    function _credit(address tipper, uint256 postId, uint256 fromProfileId, address token, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 authorId = postId >> 160;
        if (authorId == 0 || IKithProfiles(kith).custodyOf(authorId) == address(0)) revert UnknownPost(postId);
        if (fromProfileId != 0) _requireTipper(fromProfileId, tipper);
        balanceOf[authorId][token] += amount;
        emit Tipped(postId, authorId, fromProfileId, tipper, token, amount);
    }

    /// @dev A tip is attributed to a profile only by its custody or an app key with the tip scope.
    function _requireTipper(uint256 profileId, address tipper) private view {
        if (IKithProfiles(kith).custodyOf(profileId) == tipper) return;
        (uint256 scopes,, bool active) = IKithAppKeys(kith).appKeyOf(profileId, tipper);
        if (!active || scopes & Scopes.TIP == 0) revert NotAuthorized(profileId, tipper);
    }
}
